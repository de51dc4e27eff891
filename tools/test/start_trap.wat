;; A start function that traps: wasm code ran, so this is a trap, not an instantiation error.
(module
  (memory (export "memory") 1)
  (func $start_trap unreachable)
  (start $start_trap)
  (func (export "_start")))
