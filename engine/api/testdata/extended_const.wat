;; Extended constant expressions for engine/api/tail_call_test.cpp's feature tests.
(module
  (import "env" "base" (global $base i32))
  (import "env" "base64" (global $base64 i64))
  (memory 1)
  (table 4 funcref)
  (global (export "g") i32 (i32.add (global.get $base) (i32.mul (i32.const 3) (i32.const 4))))
  (global (export "h") i64 (i64.sub (i64.mul (global.get $base64) (i64.const 2)) (i64.const 10)))
  (data (i32.sub (i32.add (global.get $base) (i32.const 2)) (i32.const 1)) "\2a")
  (elem (i32.sub (global.get $base) (i32.const 99)) $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call_at") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)
