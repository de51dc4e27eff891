;; Imports something WASI does not provide, for the link error message.
(module
  (import "env" "host_thing" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
