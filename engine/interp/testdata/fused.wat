;; Forms the translator fuses: a constant second operand carried in the instruction, a
;; comparison of any scalar type fused with `if` / `br_if` (with and without a constant), and a
;; load or store whose address is an i32.add.
(module
  (memory 1)
  ;; Constant operands, including ones that trap.
  (func (export "rotl5") (param i32) (result i32) (i32.rotl (local.get 0) (i32.const 5)))
  (func (export "shr_s_i64") (param i64) (result i64) (i64.shr_s (local.get 0) (i64.const 60)))
  (func (export "div_s_minus1") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
  (func (export "quarter") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.25)))
  ;; Float comparisons feeding branches: with a NaN operand neither < nor >= holds.
  (func (export "f64_lt_if") (param f64 f64) (result i32)
    (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "f64_ge_br_if") (param f64 f64) (result i32)
    (block (br_if 0 (f64.ge (local.get 0) (local.get 1))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "f32_gt_const_if") (param f32) (result i32)
    (if (result i32) (f32.gt (local.get 0) (f32.const 1.5)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "f64_ne_const_br_if") (param f64) (result i32)
    (block (br_if 0 (f64.ne (local.get 0) (f64.const 2))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "i64_lt_u_const_loop") (param i64) (result i64)
    (local $n i64)
    (loop $l
      (local.set $n (i64.add (local.get $n) (i64.const 1)))
      (br_if $l (i64.lt_u (local.get $n) (local.get 0))))
    (local.get $n))
  ;; Address a + b wraps at 2^32 before the offset is added.
  (func (export "load_sum") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (local.get 1))))
  (func (export "store_sum") (param i32 i32 i32)
    (i32.store8 offset=1 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  ;; Float multiply fused with the add or subtract that consumes it: still two roundings.
  (func (export "mul_sub") (param f64 f64 f64) (result f64)
    (f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add_mul_f32") (param f32 f32 f32) (result f32)
    (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
  ;; More distinct constants than the pool holds (64): those that are second operands stay
  ;; immediates; those read from the frame (select operands) get pool slots while there is room
  ;; and are written by an instruction after that.
  (func (export "many_const_adds") (param i32) (result i32)
    (local.get 0) (i32.const 1000) (i32.add) (i32.const 1001) (i32.add) (i32.const 1002) (i32.add) (i32.const 1003) (i32.add) (i32.const 1004) (i32.add) (i32.const 1005) (i32.add) (i32.const 1006) (i32.add) (i32.const 1007) (i32.add) (i32.const 1008) (i32.add) (i32.const 1009) (i32.add) (i32.const 1010) (i32.add) (i32.const 1011) (i32.add) (i32.const 1012) (i32.add) (i32.const 1013) (i32.add) (i32.const 1014) (i32.add) (i32.const 1015) (i32.add) (i32.const 1016) (i32.add) (i32.const 1017) (i32.add) (i32.const 1018) (i32.add) (i32.const 1019) (i32.add) (i32.const 1020) (i32.add) (i32.const 1021) (i32.add) (i32.const 1022) (i32.add) (i32.const 1023) (i32.add) (i32.const 1024) (i32.add) (i32.const 1025) (i32.add) (i32.const 1026) (i32.add) (i32.const 1027) (i32.add) (i32.const 1028) (i32.add) (i32.const 1029) (i32.add) (i32.const 1030) (i32.add) (i32.const 1031) (i32.add) (i32.const 1032) (i32.add) (i32.const 1033) (i32.add) (i32.const 1034) (i32.add) (i32.const 1035) (i32.add) (i32.const 1036) (i32.add) (i32.const 1037) (i32.add) (i32.const 1038) (i32.add) (i32.const 1039) (i32.add) (i32.const 1040) (i32.add) (i32.const 1041) (i32.add) (i32.const 1042) (i32.add) (i32.const 1043) (i32.add) (i32.const 1044) (i32.add) (i32.const 1045) (i32.add) (i32.const 1046) (i32.add) (i32.const 1047) (i32.add) (i32.const 1048) (i32.add) (i32.const 1049) (i32.add) (i32.const 1050) (i32.add) (i32.const 1051) (i32.add) (i32.const 1052) (i32.add) (i32.const 1053) (i32.add) (i32.const 1054) (i32.add) (i32.const 1055) (i32.add) (i32.const 1056) (i32.add) (i32.const 1057) (i32.add) (i32.const 1058) (i32.add) (i32.const 1059) (i32.add) (i32.const 1060) (i32.add) (i32.const 1061) (i32.add) (i32.const 1062) (i32.add) (i32.const 1063) (i32.add) (i32.const 1064) (i32.add) (i32.const 1065) (i32.add) (i32.const 1066) (i32.add) (i32.const 1067) (i32.add) (i32.const 1068) (i32.add) (i32.const 1069) (i32.add))
  (func (export "many_const_selects") (param i32) (result i32)
    (i32.const 0) (select (i32.const 2000) (i32.const 3000) (local.get 0)) (i32.add) (select (i32.const 2001) (i32.const 3001) (local.get 0)) (i32.add) (select (i32.const 2002) (i32.const 3002) (local.get 0)) (i32.add) (select (i32.const 2003) (i32.const 3003) (local.get 0)) (i32.add) (select (i32.const 2004) (i32.const 3004) (local.get 0)) (i32.add) (select (i32.const 2005) (i32.const 3005) (local.get 0)) (i32.add) (select (i32.const 2006) (i32.const 3006) (local.get 0)) (i32.add) (select (i32.const 2007) (i32.const 3007) (local.get 0)) (i32.add) (select (i32.const 2008) (i32.const 3008) (local.get 0)) (i32.add) (select (i32.const 2009) (i32.const 3009) (local.get 0)) (i32.add) (select (i32.const 2010) (i32.const 3010) (local.get 0)) (i32.add) (select (i32.const 2011) (i32.const 3011) (local.get 0)) (i32.add) (select (i32.const 2012) (i32.const 3012) (local.get 0)) (i32.add) (select (i32.const 2013) (i32.const 3013) (local.get 0)) (i32.add) (select (i32.const 2014) (i32.const 3014) (local.get 0)) (i32.add) (select (i32.const 2015) (i32.const 3015) (local.get 0)) (i32.add) (select (i32.const 2016) (i32.const 3016) (local.get 0)) (i32.add) (select (i32.const 2017) (i32.const 3017) (local.get 0)) (i32.add) (select (i32.const 2018) (i32.const 3018) (local.get 0)) (i32.add) (select (i32.const 2019) (i32.const 3019) (local.get 0)) (i32.add) (select (i32.const 2020) (i32.const 3020) (local.get 0)) (i32.add) (select (i32.const 2021) (i32.const 3021) (local.get 0)) (i32.add) (select (i32.const 2022) (i32.const 3022) (local.get 0)) (i32.add) (select (i32.const 2023) (i32.const 3023) (local.get 0)) (i32.add) (select (i32.const 2024) (i32.const 3024) (local.get 0)) (i32.add) (select (i32.const 2025) (i32.const 3025) (local.get 0)) (i32.add) (select (i32.const 2026) (i32.const 3026) (local.get 0)) (i32.add) (select (i32.const 2027) (i32.const 3027) (local.get 0)) (i32.add) (select (i32.const 2028) (i32.const 3028) (local.get 0)) (i32.add) (select (i32.const 2029) (i32.const 3029) (local.get 0)) (i32.add) (select (i32.const 2030) (i32.const 3030) (local.get 0)) (i32.add) (select (i32.const 2031) (i32.const 3031) (local.get 0)) (i32.add) (select (i32.const 2032) (i32.const 3032) (local.get 0)) (i32.add) (select (i32.const 2033) (i32.const 3033) (local.get 0)) (i32.add) (select (i32.const 2034) (i32.const 3034) (local.get 0)) (i32.add) (select (i32.const 2035) (i32.const 3035) (local.get 0)) (i32.add) (select (i32.const 2036) (i32.const 3036) (local.get 0)) (i32.add) (select (i32.const 2037) (i32.const 3037) (local.get 0)) (i32.add) (select (i32.const 2038) (i32.const 3038) (local.get 0)) (i32.add) (select (i32.const 2039) (i32.const 3039) (local.get 0)) (i32.add))
  ;; Addresses with a constant addend (wrapping: -8 is 0xfffffff8) and scaled indexes
  ;; a + (i << k), the shift count taken mod 32 as i32.shl does.
  (func (export "load_plus_const") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 16))))
  (func (export "load_minus_8") (param i32) (result i32)
    (i32.load16_u (i32.add (local.get 0) (i32.const -8))))
  (func (export "store_plus_const") (param i32 i64)
    (i64.store32 offset=2 (i32.add (local.get 0) (i32.const 0x100)) (local.get 1)))
  (func (export "load_scaled") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  (func (export "load_scaled_i64") (param i32 i32) (result i64)
    (i64.load (i32.add (i32.shl (local.get 1) (i32.const 35)) (local.get 0))))
  (func (export "store_scaled") (param i32 i32 f64)
    (f64.store offset=8 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))
      (local.get 2)))
  (func (export "store_scaled_const") (param i32 i32)
    (i32.store (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))) (i32.const 0x5a5a)))
  ;; Chains: a binary op consuming the result of the one before it.
  (func (export "add3") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add3_second") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
  (func (export "bit_field") (param i32) (result i32)
    (i32.and (i32.shr_u (local.get 0) (i32.const 39)) (i32.const 0x1f)))
  (func (export "fnv_step") (param i32 i32) (result i32)
    (i32.mul (i32.xor (local.get 0) (local.get 1)) (i32.const 16777619)))
  (func (export "mul_hi") (param i64) (result i64)
    (i64.shr_u (i64.mul (local.get 0) (i64.const 0x9e3779b97f4a7c15)) (i64.const 32)))
  (func (export "shl_add") (param i32 i32) (result i32)
    (i32.add (i32.shl (local.get 0) (i32.const 3)) (local.get 1)))
  (func (export "shl_by_xor") (param i32 i32 i32) (result i32)
    (i32.shl (local.get 0) (i32.xor (local.get 1) (local.get 2))))
)
