;; The plugin both example hosts load: computes a Fibonacci number, reports it through the
;; host's `log`, and has an export that traps.
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
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
    i32.div_u))
