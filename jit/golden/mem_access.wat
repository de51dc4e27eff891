(module
  (memory 1)
  (func (export "copy") (param i32 i32)
    (i64.store offset=8 (local.get 0) (i64.load offset=16 (local.get 1)))))
