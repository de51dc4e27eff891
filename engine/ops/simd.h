// The 128-bit SIMD instructions (except memory accesses, which are in memory_access.h).
#pragma once

#include "engine/ops/simd_basic.h"
#include "engine/ops/simd_compare.h"
#include "engine/ops/simd_convert.h"
#include "engine/ops/simd_float.h"
#include "engine/ops/simd_int.h"
#include "engine/ops/simd_relaxed.h"
