;; Compute kernels for the interpreter benchmark.
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; sum over i < n of (i * i) mod m, wrapping; the loop is tested at the bottom as compilers
  ;; emit it
  (func (export "sumsq") (param $n i32) (param $m i32) (result i32)
    (local $i i32) (local $s i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (loop $top
      (local.set $s (i32.add (local.get $s)
                             (i32.rem_u (i32.mul (local.get $i) (local.get $i)) (local.get $m))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
)
