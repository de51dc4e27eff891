;; Forms the translator fuses: a constant second operand carried in the instruction, a
;; comparison of any scalar type fused with `if` / `br_if` (with and without a constant), and a
;; load or store whose address is an i32.add.
(module
  (memory 1)
  ;; Constant operands, including ones that trap.
  (func (export "rotl5") (param i32) (result i32) (i32.rotl (local.get 0) (i32.const 5)))
  (func (export "shr_s_i64") (param i64) (result i64) (i64.shr_s (local.get 0) (i64.const 60)))
  (func (export "div_s_minus1") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
  (func (export "quarter") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.25)))
  ;; Float comparisons feeding branches: with a NaN operand neither < nor >= holds.
  (func (export "f64_lt_if") (param f64 f64) (result i32)
    (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "f64_ge_br_if") (param f64 f64) (result i32)
    (block (br_if 0 (f64.ge (local.get 0) (local.get 1))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "f32_gt_const_if") (param f32) (result i32)
    (if (result i32) (f32.gt (local.get 0) (f32.const 1.5)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "f64_ne_const_br_if") (param f64) (result i32)
    (block (br_if 0 (f64.ne (local.get 0) (f64.const 2))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "i64_lt_u_const_loop") (param i64) (result i64)
    (local $n i64)
    (loop $l
      (local.set $n (i64.add (local.get $n) (i64.const 1)))
      (br_if $l (i64.lt_u (local.get $n) (local.get 0))))
    (local.get $n))
  ;; Address a + b wraps at 2^32 before the offset is added.
  (func (export "load_sum") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (local.get 1))))
  (func (export "store_sum") (param i32 i32 i32)
    (i32.store8 offset=1 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  ;; Float multiply fused with the add or subtract that consumes it: still two roundings.
  (func (export "mul_sub") (param f64 f64 f64) (result f64)
    (f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add_mul_f32") (param f32 f32 f32) (result f32)
    (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
)
