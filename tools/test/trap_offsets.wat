;; A trap one call deep whose frames stand at known offsets: the bodies are
;; `00 41 0a 20 00 6e 0b` (i32.div_u at +0x5) and `00 41 00 10 00 1a 0b` (the call at +0x3).
(module
  (memory (export "memory") 1)
  (func $divide (param i32) (result i32)
    (i32.div_u (i32.const 10) (local.get 0)))
  (func (export "_start")
    (drop (call $divide (i32.const 0)))))
