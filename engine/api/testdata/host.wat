(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
  (func (export "reenter") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
)
