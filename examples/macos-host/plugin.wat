;; The plugin the macOS host loads: computes a Fibonacci number and reports it through the host's
;; `log`, has an export that traps, and one that never returns unless interrupted.
(module
  (import "env" "log" (func $log (param i32)))
  (func $fib (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $t i32)
    i32.const 1
    local.set $b
    (block $done
      (loop $next
        local.get $n
        i32.eqz
        br_if $done
        local.get $a
        local.get $b
        i32.add
        local.set $t
        local.get $b
        local.set $a
        local.get $t
        local.set $b
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $next))
    local.get $a)
  (func (export "run") (param i32) (result i32)
    (local $r i32)
    local.get 0
    call $fib
    local.tee $r
    call $log
    local.get $r)
  ;; Divides by zero.
  (func (export "fail") (param i32) (result i32)
    local.get 0
    i32.const 0
    i32.div_u)
  ;; A runaway plugin: loops until the host interrupts it.
  (func (export "spin") (param i32) (result i32)
    (loop $forever
      local.get 0
      i32.const 1
      i32.add
      local.set 0
      br $forever)
    local.get 0))
