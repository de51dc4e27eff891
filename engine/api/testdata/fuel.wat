;; Programs for fuel metering: one unit per function entry and per loop header reached.
(module
  (import "host" "ping" (func $ping))                      ;; reads the store's fuel
  (import "host" "reenter" (func $reenter (param i32)))    ;; calls back into $count
  (import "host" "refuel" (func $refuel))                  ;; adds fuel
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $fib)

  ;; n >= 1 iterations of a do-while: 1 + n units.
  (func $count (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $top
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))

  ;; Recursion: one unit per call.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))

  ;; Nested loops, direct and indirect calls and host calls in the inner body.
  (func (export "nested") (param $n i32) (param $m i32) (result i32)
    (local $i i32) (local $j i32) (local $acc i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $acc (i32.add (local.get $acc)
                                   (call_indirect (type $unary) (local.get $j) (i32.const 0))))
          (if (i32.eq (local.get $j) (i32.const 2)) (then (call $ping)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (local.get $m))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $acc))

  ;; br_table into two loops and out of them: the index sequence is driven by a counter.
  (func (export "table") (param $n i32) (result i32)
    (local $k i32) (local $a i32) (local $b i32)
    (block $out
      (loop $la
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (loop $lb
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $out (i32.ge_u (local.get $k) (local.get $n)))
          ;; k mod 3: 0 -> $la, 1 -> $lb, 2 -> fall out of $lb into $la's tail
          (block $tail
            (br_table $la $lb $tail (i32.rem_u (local.get $k) (i32.const 3)))))
        (br $la)))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))

  ;; Host re-entry: each iteration has the host call $count(m) through the public API.
  (func (export "reenter") (param $n i32) (param $m i32)
    (local $i i32)
    (loop $top
      (call $reenter (local.get $m))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n)))))

  ;; Calls the host's refuel once, then loops n times.
  (func (export "refuel_then_count") (param $n i32) (result i32)
    (call $refuel)
    (call $count (local.get $n)))

  (func (export "spin") (loop $l (br $l)))
  (func (export "spin_calls") (loop $l (drop (call $fib (i32.const 1))) (br $l))))
