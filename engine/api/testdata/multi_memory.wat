;; Three memories (multi-memory): memory 0 and 2 defined here, memory 1 defined with a maximum,
;; an active data segment naming memory 1 and a passive one for memory.init.
(module
  (memory $m0 (export "mem0") 1)
  (memory $m1 (export "mem1") 1 3)
  (memory $m2 (export "mem2") 2)
  (data (memory $m1) (i32.const 16) "\01\02\03\04")
  (data $bytes "\aa\bb\cc")

  (func (export "store0") (param i32 i32) (i32.store $m0 (local.get 0) (local.get 1)))
  (func (export "store1") (param i32 i32) (i32.store $m1 (local.get 0) (local.get 1)))
  (func (export "store2_8") (param i32 i32) (i32.store8 $m2 offset=1 (local.get 0) (local.get 1)))
  (func (export "load0") (param i32) (result i32) (i32.load $m0 (local.get 0)))
  (func (export "load1") (param i32) (result i32) (i32.load $m1 (local.get 0)))
  (func (export "load2_16s") (param i32) (result i32) (i32.load16_s $m2 offset=2 (local.get 0)))
  (func (export "load1_f64") (param i32) (result f64) (f64.load $m1 (local.get 0)))
  (func (export "store1_i64") (param i32 i64) (i64.store $m1 offset=8 (local.get 0) (local.get 1)))
  (func (export "load1_i64") (param i32) (result i64) (i64.load $m1 offset=8 (local.get 0)))
  ;; SIMD accesses: inline v128.load/store and one through the JIT's memory helper path.
  (func (export "v128_copy_1_to_2") (param i32 i32)
    (v128.store $m2 (local.get 1) (v128.load $m1 (local.get 0))))
  (func (export "splat1_lane3") (param i32) (result i32)
    (i32x4.extract_lane 3 (v128.load32_splat $m1 (local.get 0))))

  (func (export "size0") (result i32) (memory.size $m0))
  (func (export "size1") (result i32) (memory.size $m1))
  (func (export "size2") (result i32) (memory.size $m2))
  (func (export "grow1") (param i32) (result i32) (memory.grow $m1 (local.get 0)))
  (func (export "grow2") (param i32) (result i32) (memory.grow $m2 (local.get 0)))
  (func (export "copy_0_to_1") (param i32 i32 i32) (memory.copy $m1 $m0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_2_to_0") (param i32 i32 i32) (memory.copy $m0 $m2 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill2") (param i32 i32 i32) (memory.fill $m2 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init1") (param i32 i32 i32) (memory.init $m1 $bytes (local.get 0) (local.get 1) (local.get 2)))
)
