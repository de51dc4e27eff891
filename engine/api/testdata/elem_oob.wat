;; The first segment fits, the second does not: the first write must stay visible.
(module
  (import "env" "t" (table 10 funcref))
  (import "env" "m" (memory 1))
  (func $f (result i32) (i32.const 42))
  (elem (i32.const 7) $f)
  (elem (i32.const 8) $f $f $f $f $f)
  (data (i32.const 0) "never")
)
