(module
  (func $div (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "f") (param i64) (result i64) (call $div (local.get 0) (i64.const 7))))
