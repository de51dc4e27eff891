;; Multi-memory: memory 0 through the pinned registers, memory 1 through its LinearMemory loaded
;; from the instance's memory table for the access.
(module
  (memory $m0 1)
  (memory $m1 1)
  (func (export "copy") (param i32 i32)
    (i64.store $m1 offset=8 (local.get 0) (i64.load $m0 offset=16 (local.get 1)))
    (i32.store $m0 (local.get 1) (i32.load $m1 (local.get 0)))))
