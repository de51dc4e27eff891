;; Two exports named "a", assembled unchecked: the validator rejects the second one (0x19).
(module
  (func $f)
  (export "a" (func $f))
  (export "a" (func $f)))
