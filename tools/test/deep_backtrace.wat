;; Unbounded recursion under _start: the backtrace is far too deep to print whole.
(module
  (memory (export "memory") 1)
  (func $_start (export "_start") (call $down (i32.const 0)))
  (func $down (param i32) (call $down (i32.add (local.get 0) (i32.const 1)))))
