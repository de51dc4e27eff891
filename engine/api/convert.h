// Conversions between the public Value/Trap and the runtime's cells and TrapInfo.
#pragma once

#include "runtime/trap.h"
#include "runtime/value.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

rt::RawValue to_raw(const Value& v);
Value from_raw(ValType type, const rt::RawValue& raw);
Trap to_trap(rt::TrapInfo info);
rt::TrapInfo to_trap_info(Trap trap);
rt::TrapInfo host_trap(std::string message);

}  // namespace wasmrun
