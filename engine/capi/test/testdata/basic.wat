;; A module without imports: one of each kind of export, values of every type the C API
;; carries, and a call chain that traps for backtraces.
(module
  (memory (export "mem") 1 4)
  (table (export "tab") 2 10 funcref)
  (global (export "counter") (mut i32) (i32.const 7))
  (global (export "const64") i64 (i64.const -5))
  (func $square (export "square") (param i32) (result i32)
    local.get 0
    local.get 0
    i32.mul)
  ;; (a, b, c) -> (c + f64(b), a * 2)
  (func (export "mix") (param i64 f32 f64) (result f64 i64)
    local.get 2
    local.get 1
    f64.promote_f32
    f64.add
    local.get 0
    i64.const 2
    i64.mul)
  (func (export "id_ext") (param externref) (result externref) local.get 0)
  (func (export "id_func") (param funcref) (result funcref) local.get 0)
  (func (export "store8") (param i32 i32)
    local.get 0
    local.get 1
    i32.store8)
  (func (export "div") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s)
  (func $inner unreachable)
  (func $middle call $inner)
  (func (export "outer") call $middle)
  (func (export "v128_param") (param v128))
  (func $recurse (export "recurse") call $recurse)
  (elem (i32.const 0) $square))
