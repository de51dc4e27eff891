;; A command whose _start traps two calls deep, for the backtrace test.
(module
  (memory (export "memory") 1)
  (func $innermost unreachable)
  (func $middle call $innermost)
  (func (export "_start") call $middle))
