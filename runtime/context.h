// The one flat per-instance structure both tiers run against. The JIT will reach it through a
// pinned register, the interpreter through a pointer; keep hot fields first and plain.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/func.h"
#include "runtime/global.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace wasmrun::rt {

// The flag of a context no store has raised an interrupt flag for: stays zero.
inline const std::atomic<uint32_t> kNeverInterrupted{0};

struct InstanceContext {
  // Memory 0, which both tiers keep at hand. `memory_base` never changes; read the current size
  // through `memory->size` because another instance sharing the memory may grow it.
  uint8_t* memory_base = nullptr;
  LinearMemory* memory = nullptr;

  GlobalCell** globals = nullptr;      // global index space
  Table** tables = nullptr;            // table index space
  FuncInst** funcs = nullptr;          // function index space
  const uint32_t* type_ids = nullptr;  // module type index -> canonical type id

  // Segment contents for table.init / memory.init. Dropping a segment (elem.drop, data.drop,
  // and implicitly every active or declarative segment after instantiation) sets its size to 0.
  struct Segment {
    const void* data = nullptr;  // elem: const Ref*; data: const uint8_t*
    uint32_t size = 0;           // in elements (elem) or bytes (data)
  };
  Segment* elem_segments = nullptr;
  Segment* data_segments = nullptr;

  // Non-zero: stop at the next check. Never null, so the checks compiled into every function
  // entry and loop header are one load and one compare.
  const std::atomic<uint32_t>* interrupt = &kNeverInterrupted;

  // The store's fuel counter (rt::Store::fuel), shared by every instance of the store. Read only
  // by code compiled or translated with fuel metering on: each function entry and each loop
  // header reached subtracts 1 and traps with OutOfFuel when the result is negative. A plain
  // counter, since a store runs on one thread at a time.
  int64_t* fuel = nullptr;

  const void* module = nullptr;  // the engine's ValidatedModule (opaque to the runtime)
  void* instance = nullptr;      // the engine's instance object (opaque to the runtime)

  // The memory index space (multi-memory), memory 0 included: accesses to other memories reach
  // them through it.
  LinearMemory** memories = nullptr;
  uint32_t num_memories = 0;
};

}  // namespace wasmrun::rt
