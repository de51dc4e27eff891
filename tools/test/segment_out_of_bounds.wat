;; An active data segment past the end of memory: instantiation fails before any code runs.
(module
  (memory (export "memory") 1)
  (data (i32.const 65535) "ab")
  (func (export "_start")))
