;; SIMD inline: a blend step (u8 lanes widened to u16, multiplied, narrowed), wasm's f32x4.min
;; with its NaN and -0 fix-ups, a masked shift by a variable count, and a swizzle. No helper call.
(module
  (func (export "blend") (param $a v128) (param $b v128) (param $w v128) (result v128)
    (i8x16.narrow_i16x8_u
      (i16x8.shr_u
        (i16x8.add
          (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $a))
                     (i16x8.extend_low_i8x16_u (local.get $w)))
          (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $b))
                     (i16x8.sub (i16x8.splat (i32.const 256))
                                (i16x8.extend_low_i8x16_u (local.get $w)))))
        (i32.const 8))
      (v128.const i64x2 0 0)))
  (func (export "min_shift_swizzle") (param v128 v128 i32) (result v128)
    (i8x16.swizzle
      (i32x4.shl (f32x4.min (local.get 0) (local.get 1)) (local.get 2))
      (local.get 1))))
