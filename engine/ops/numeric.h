// The scalar numeric instructions (i32, i64, f32, f64 and the conversions between them).
// Every function is named after its op in engine/core/opcodes.def; see ops.h for the convention.
#pragma once

#include "engine/ops/scalar_convert.h"
#include "engine/ops/scalar_float.h"
#include "engine/ops/scalar_int.h"
