;; Imports two memories (multi-memory) and moves bytes between them.
(module
  (import "env" "a" (memory $a 1))
  (import "env" "b" (memory $b 1))
  (memory $own (export "own") 1)
  (data (memory $b) (i32.const 100) "\2a")
  (func (export "copy_a_to_b") (param i32 i32 i32) (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "store_own") (param i32 i32) (i32.store8 $own (local.get 0) (local.get 1)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
)
