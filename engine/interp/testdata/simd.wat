(module
  (memory 1)
  (func (export "shuffle") (result i32)
    (i8x16.extract_lane_u 0
      (i8x16.shuffle 31 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14
        (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
        (v128.const i8x16 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 99))))
  (func (export "replace_extract") (param i64) (result i64)
    (i64x2.extract_lane 1 (i64x2.replace_lane 1 (v128.const i64x2 1 2) (local.get 0))))
  (func (export "bitselect") (result i32)
    (i32x4.extract_lane 0
      (v128.bitselect (v128.const i32x4 0xffff0000 0 0 0) (v128.const i32x4 0x0000ffff 0 0 0)
                      (v128.const i32x4 0xff00ff00 0 0 0))))
  (func (export "lane_mem") (param i32) (result i32)
    ;; loads byte 0 into lane 5, stores lane 5 to byte 1
    (v128.store8_lane offset=1 5 (local.get 0)
      (v128.load8_lane 5 (local.get 0) (v128.const i64x2 0 0)))
    (i32.load16_u (local.get 0)))
  (func (export "f32x4_sum") (param f32) (result f32)
    (local $v v128)
    (local.set $v (f32x4.mul (f32x4.splat (local.get 0)) (v128.const f32x4 1 2 3 4)))
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
  (func (export "popcnt_all_true") (result i32)
    (i32.add
      (i8x16.extract_lane_u 2 (i8x16.popcnt (v128.const i8x16 0 1 255 3 0 0 0 0 0 0 0 0 0 0 0 0)))
      (i32.mul (i32.const 100) (i8x16.all_true (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))))
  (func (export "select_v128") (param i32) (result i32)
    (i32x4.extract_lane 2
      (select (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get 0))))
  (global $gv (mut v128) (v128.const i32x4 9 9 9 9))
  (func (export "global_v128") (result i32)
    (global.set $gv (i32x4.add (global.get $gv) (v128.const i32x4 1 2 3 4)))
    (i32x4.extract_lane 3 (global.get $gv)))
)
