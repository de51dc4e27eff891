;; Relaxed SIMD from _start: traps unless relaxed_trunc gives trunc_sat's result (NaN -> 0,
;; saturated) and relaxed_madd rounds twice (1 + 2^-12 squared, minus 1 + 2^-11, is 0).
(module
  (func (export "_start")
    (if (i32.eqz (i32x4.all_true (i32x4.eq
          (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan -inf 3e9 -1.5))
          (v128.const i32x4 0 0x80000000 0x7fffffff -1))))
      (then unreachable))
    (if (v128.any_true (f32x4.relaxed_madd (v128.const i32x4 0x3f800800 0x3f800800 0x3f800800 0x3f800800)
                                           (v128.const i32x4 0x3f800800 0x3f800800 0x3f800800 0x3f800800)
                                           (v128.const i32x4 0xbf801000 0xbf801000 0xbf801000 0xbf801000)))
      (then unreachable))))
