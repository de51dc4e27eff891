;; Imports a 64-bit memory and reads it with an i64 address (memory64_test.cpp).
(module
  (import "env" "mem" (memory i64 1))
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0))))
