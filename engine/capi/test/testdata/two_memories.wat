;; Two imported memories and a defined one (multi-memory), all exported.
(module
  (import "env" "a" (memory $a 1))
  (import "env" "b" (memory $b 1 2))
  (memory $own 1)
  (export "a" (memory $a))
  (export "b" (memory $b))
  (export "own" (memory $own))
  (func (export "copy_a_to_b") (param i32 i32 i32)
    (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "store_own") (param i32 i32) (i32.store8 $own (local.get 0) (local.get 1)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
)
