;; Kernels for the interpreter-vs-JIT benchmark: calls, integer ALU, float ALU, memory bandwidth.
(module
  (memory (export "memory") 512)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; sum over i < n of (i * i) xor (i >> 3), wrapping: ALU-bound with no division, so the
  ;; loop overhead dominates
  (func (export "intloop") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (loop $top
      (local.set $s (i32.add (local.get $s)
                             (i32.xor (i32.mul (local.get $i) (local.get $i))
                                      (i32.shr_u (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; Mandelbrot escape counts over a size x size grid of [-2,1] x [-1.5,1.5], at most 100
  ;; iterations per point; returns the total iteration count.
  (func (export "mandel") (param $size i32) (result i32)
    (local $px i32) (local $py i32) (local $it i32) (local $total i32)
    (local $cx f64) (local $cy f64) (local $x f64) (local $y f64) (local $xx f64) (local $yy f64)
    (local $step f64)
    (local.set $step (f64.div (f64.const 3) (f64.convert_i32_u (local.get $size))))
    (local.set $py (i32.const 0))
    (loop $rows
      (local.set $cy (f64.sub (f64.mul (f64.convert_i32_u (local.get $py)) (local.get $step))
                              (f64.const 1.5)))
      (local.set $px (i32.const 0))
      (loop $cols
        (local.set $cx (f64.sub (f64.mul (f64.convert_i32_u (local.get $px)) (local.get $step))
                                (f64.const 2)))
        (local.set $x (f64.const 0))
        (local.set $y (f64.const 0))
        (local.set $it (i32.const 0))
        (block $escaped
          (loop $iter
            (local.set $xx (f64.mul (local.get $x) (local.get $x)))
            (local.set $yy (f64.mul (local.get $y) (local.get $y)))
            (br_if $escaped (f64.gt (f64.add (local.get $xx) (local.get $yy)) (f64.const 4)))
            (local.set $y (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $x)) (local.get $y))
                                   (local.get $cy)))
            (local.set $x (f64.add (f64.sub (local.get $xx) (local.get $yy)) (local.get $cx)))
            (local.set $it (i32.add (local.get $it) (i32.const 1)))
            (br_if $iter (i32.lt_u (local.get $it) (i32.const 100)))))
        (local.set $total (i32.add (local.get $total) (local.get $it)))
        (local.set $px (i32.add (local.get $px) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $px) (local.get $size))))
      (local.set $py (i32.add (local.get $py) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $py) (local.get $size))))
    (local.get $total))
  ;; Fills `bytes` bytes from address 0 with i64 words i * 0x9e3779b97f4a7c15.
  (func (export "fill") (param $bytes i32)
    (local $i i32)
    (loop $top
      (i64.store (local.get $i)
                 (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 0x9e3779b97f4a7c15)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $bytes)))))
  ;; Sums `bytes` bytes from address 0 as i64 words: one load per iteration.
  (func (export "sum") (param $bytes i32) (result i64)
    (local $i i32) (local $s i64)
    (loop $top
      (local.set $s (i64.add (local.get $s) (i64.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $bytes))))
    (local.get $s))
  ;; Copies `bytes` bytes from address 0 to address `bytes`, word by word (not memory.copy,
  ;; which would measure the runtime's memmove rather than generated code).
  (func (export "copy") (param $bytes i32)
    (local $i i32)
    (loop $top
      (i64.store (i32.add (local.get $i) (local.get $bytes)) (i64.load (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $bytes)))))
)
