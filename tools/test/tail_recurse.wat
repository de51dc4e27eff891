;; Ten million tail calls from _start: finishes only when tail calls run in constant stack.
(module
  (func $down (param i64)
    (if (i64.eqz (local.get 0)) (then (return)))
    (return_call $down (i64.sub (local.get 0) (i64.const 1))))
  (func (export "_start") (call $down (i64.const 10000000))))
