;; 64-bit memories (memory64) for engine/api/memory64_test.cpp: every access takes an i64 address,
;; so addresses at and past 4 GiB must trap (or reach memory past 4 GiB), never wrap to 32 bits.
(module
  (memory (export "mem") i64 1 70000)
  (data (i64.const 0x100) "\2a")
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  ;; Offsets beyond 32 bits are not accepted by wabt's text format: memory64_test.cpp builds
  ;; those functions from bytes.
  (func (export "v128_load_lane") (param i64) (result i64)
    (i64x2.extract_lane 1 (v128.load64_lane 1 (local.get 0) (v128.const i64x2 0 0))))
  (func (export "v128_load") (param i64) (result i64)
    (i64x2.extract_lane 0 (v128.load (local.get 0))))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
)
