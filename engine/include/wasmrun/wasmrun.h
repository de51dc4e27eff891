/* wasmrun's extensions to the standard WebAssembly C API (wasm.h): what an embedder needs and
 * the standard interface does not offer. Everything here is prefixed `wasmrun_`. */
#ifndef WASMRUN_H
#define WASMRUN_H

#include <stddef.h>
#include <stdint.h>

#include "wasmrun/wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The value kind wasmrun reports for the v128 type in type descriptions. A wasm_val_t cannot
 * carry a v128, so such values cannot cross the C API (calls passing them trap). */
#define WASMRUN_V128 ((wasm_valkind_t)4)

/* The version of the library, e.g. "0.1.0". */
WASM_API_EXTERN const char* wasmrun_version(void);

/* ---- Errors ----
 * The standard API reports a failed wasm_module_new, wasm_module_validate,
 * wasm_module_deserialize, wasm_instance_new, wasm_*_new of an object, wasm_global_set or
 * wasm_table_set/grow with NULL or false only. Each of these clears this thread's last error
 * when it starts and sets it when it fails. The string stays valid until the next such call on
 * the same thread; it is "" when the last call succeeded. */
WASM_API_EXTERN const char* wasmrun_last_error(void);

/* ---- Engine configuration (on a wasm_config_t, before wasm_engine_new_with_config) ---- */

typedef enum wasmrun_tier_t {
  WASMRUN_TIER_INTERP = 0, /* the interpreter */
  WASMRUN_TIER_JIT = 1,    /* the JIT only; modules fail to compile where it cannot run */
  WASMRUN_TIER_AUTO = 2,   /* the JIT where it can run, else the interpreter (the default, as
                              in the C++ API's EngineConfig) */
} wasmrun_tier_t;

typedef enum wasmrun_bounds_checks_t {
  WASMRUN_BOUNDS_EXPLICIT = 0,    /* every access compares against the memory's size */
  WASMRUN_BOUNDS_GUARD_PAGES = 1, /* the JIT lets guard pages fault and turns the fault into a
                                     trap (the interpreter always checks explicitly) */
} wasmrun_bounds_checks_t;
/* Guard pages install a process-wide SIGSEGV/SIGBUS handler when the first such module is
 * compiled; it chains to the handler installed before it. A host installing its own handler
 * later must call the one it replaced (sigaction's old action, same arguments) for faults that
 * are not its own, or guest out-of-bounds accesses crash the process. */

/* What the JIT tells profilers about its code (no effect on the interpreter). */
typedef enum wasmrun_profiling_t {
  WASMRUN_PROFILING_NONE = 0,    /* nothing (the default) */
  WASMRUN_PROFILING_PERFMAP = 1, /* /tmp/perf-PID.map: `perf report` names wasm functions */
  WASMRUN_PROFILING_JITDUMP = 2, /* ./jit-PID.dump with the machine code: `perf record -k mono`,
                                    `perf inject --jit`, `perf annotate` */
} wasmrun_profiling_t;

WASM_API_EXTERN void wasmrun_config_set_tier(wasm_config_t*, wasmrun_tier_t);
WASM_API_EXTERN void wasmrun_config_set_bounds_checks(wasm_config_t*, wasmrun_bounds_checks_t);
WASM_API_EXTERN void wasmrun_config_set_profiling(wasm_config_t*, wasmrun_profiling_t);
/* Registers JIT code with debuggers (the GDB JIT interface), so gdb's backtraces and breakpoints
 * name wasm functions ("wasm::NAME" or "wasm::func[INDEX]"). Off by default. */
WASM_API_EXTERN void wasmrun_config_set_debug_info(wasm_config_t*, bool enabled);
/* Deterministic fuel metering (off by default; no code is generated for it when off). Every
 * wasm function entry and every loop header reached consumes one unit of the store's fuel, in
 * either tier alike; a unit needed when none is left traps (WASMRUN_TRAP_OUT_OF_FUEL). Stores
 * start with no fuel: see wasmrun_store_set_fuel. */
WASM_API_EXTERN void wasmrun_config_set_fuel(wasm_config_t*, bool enabled);
/* Switches a WebAssembly 3.0 feature ("tail-call", "extended-const", "relaxed-simd",
 * "multi-memory", "memory64"; all on by default); a module using one that is off fails to compile
 * as invalid. False, changing nothing, for an unknown name. */
WASM_API_EXTERN bool wasmrun_config_set_feature(wasm_config_t*, const char* name, bool enabled);
/* Engine-wide caps: no memory grows past `pages` 64 KiB pages, no table past `elements`, and a
 * call chain deeper than `depth` interpreter frames traps with "call stack exhausted" (JIT
 * frames are bounded by the native stack, below). */
WASM_API_EXTERN void wasmrun_config_set_max_memory_pages(wasm_config_t*, uint32_t pages);
WASM_API_EXTERN void wasmrun_config_set_max_table_size(wasm_config_t*, uint32_t elements);
WASM_API_EXTERN void wasmrun_config_set_max_call_depth(wasm_config_t*, uint32_t depth);
/* Module binaries larger than `bytes` are not compiled or validated (default 1 GiB). */
WASM_API_EXTERN void wasmrun_config_set_max_module_size(wasm_config_t*, uint64_t bytes);

/* Reads a module binary from a regular file in one go after checking its size against
 * `max_bytes` (directories, devices, FIFOs and sockets are refused). On success `out` is a new
 * vector the caller deletes with wasm_byte_vec_delete; on failure it is empty, the result is
 * false and wasmrun_last_error() tells why. */
WASM_API_EXTERN bool wasmrun_module_read_file(const char* path, uint64_t max_bytes,
                                              wasm_byte_vec_t* out);
/* Native stack bytes wasm may use below the outermost call from the host (JIT frames, host
 * functions calling back into wasm). 0, the default: the calling thread's whole stack less a
 * reserve kept for traps and host calls. Every call takes the bounds of the thread making it, so
 * a call from a thread with a small stack ends in a "call stack exhausted" trap. */
WASM_API_EXTERN void wasmrun_config_set_max_stack_bytes(wasm_config_t*, size_t bytes);

/* The tier modules of this engine run in; with WASMRUN_TIER_JIT configured and no usable JIT it
 * is WASMRUN_TIER_INTERP (and compiling fails). */
WASM_API_EXTERN wasmrun_tier_t wasmrun_engine_effective_tier(const wasm_engine_t*);
/* Why the JIT is not used, or "" when it is. Valid as long as the engine. */
WASM_API_EXTERN const char* wasmrun_engine_jit_unavailable_reason(const wasm_engine_t*);

/* ---- Custom code allocator ----
 * The only source of executable memory for an engine's JIT. The engine reserves one block per
 * module, has it written once or more, publishes it and releases it when the module dies:
 * reserve -> write... -> publish -> release (release may come without publish when compiling
 * failed). Calls for one reservation come from one thread at a time. */

typedef struct wasmrun_code_reservation_t {
  void* handle; /* the allocator's own token; the engine only passes it back */
  void* exec;   /* where the code will run, aligned to at least 64 bytes */
  size_t size;  /* at least the size asked for */
} wasmrun_code_reservation_t;

/* The engine's writer: fills `dst` (the writable view of the whole reservation, `size` bytes)
 * and returns 0 on success. It never unwinds and never calls the allocator. */
typedef int (*wasmrun_code_write_fn_t)(void* engine_user, uint8_t* dst, size_t size);

typedef struct wasmrun_code_allocator_t {
  void* user; /* passed to every callback */
  /* Reserves at least `size` bytes, not yet executable. 0 on success (filling *out). */
  int (*reserve)(void* user, size_t size, wasmrun_code_reservation_t* out);
  /* Makes `r` writable, calls `write_fn(engine_user, dst, size)` exactly once and returns its
   * result (0 on success), after making `r` non-writable again. */
  int (*write)(void* user, const wasmrun_code_reservation_t* r, wasmrun_code_write_fn_t write_fn,
               void* engine_user);
  /* Makes `r` executable at `r->exec` (and the instruction cache coherent). 0 on success. */
  int (*publish)(void* user, const wasmrun_code_reservation_t* r);
  /* Gives the memory back; no code runs in it any more. */
  void (*release)(void* user, const wasmrun_code_reservation_t* r);
  /* Optional: called once with `user` when no engine or module uses the allocator any more. */
  void (*finalizer)(void* user);
} wasmrun_code_allocator_t;

/* Copies `*allocator` into the config; it replaces the platform's allocator for engines made
 * from this config. A config deleted without making an engine still calls the finalizer. */
WASM_API_EXTERN void wasmrun_config_set_code_allocator(wasm_config_t*,
                                                       const wasmrun_code_allocator_t* allocator);

/* ---- Interrupting a store from another thread ----
 * A handle stays valid after its store is deleted (interrupting then does nothing) and may be
 * used from any thread. Interrupting makes wasm code running in the store stop with a trap
 * (wasmrun_trap_kind WASMRUN_TRAP_INTERRUPTED) at its next loop back-edge or call; an interrupt
 * raised while no wasm code runs in the store is dropped when the next call starts. */
typedef struct wasmrun_interrupt_handle_t wasmrun_interrupt_handle_t;

WASM_API_EXTERN wasmrun_interrupt_handle_t* wasmrun_interrupt_handle_new(wasm_store_t*);
WASM_API_EXTERN void wasmrun_interrupt(const wasmrun_interrupt_handle_t*);
WASM_API_EXTERN void wasmrun_interrupt_handle_delete(wasmrun_interrupt_handle_t*);

/* ---- 64-bit memories ----
 * Memory types with 64-bit limits and 64-bit memories (memory64, i64 addresses), beside the
 * standard wasm_memorytype_new whose wasm_limits_t is 32 bits wide. wasm_memorytype_limits of a
 * type made here shows limits beyond 32 bits as UINT32_MAX; these read them whole. */
WASM_API_EXTERN wasm_memorytype_t* wasmrun_memorytype_new64(uint64_t min, bool max_present,
                                                            uint64_t max, bool is64);
WASM_API_EXTERN bool wasmrun_memorytype_is64(const wasm_memorytype_t*);
WASM_API_EXTERN uint64_t wasmrun_memorytype_minimum(const wasm_memorytype_t*);
/* False when the type has no maximum; else stores it in `max`. */
WASM_API_EXTERN bool wasmrun_memorytype_maximum(const wasm_memorytype_t*, uint64_t* max);

/* ---- Fuel (engines configured with wasmrun_config_set_fuel) ----
 * Consumed fuel stays consumed; after an out-of-fuel trap the host may add fuel and call again.
 * At most INT64_MAX units are held (larger amounts are clamped). Each returns false and changes
 * nothing when the store's engine does not meter fuel (or the store is NULL). */
WASM_API_EXTERN bool wasmrun_store_set_fuel(wasm_store_t*, uint64_t fuel);
WASM_API_EXTERN bool wasmrun_store_add_fuel(wasm_store_t*, uint64_t fuel);
WASM_API_EXTERN bool wasmrun_store_get_fuel(const wasm_store_t*, uint64_t* fuel);

/* ---- Traps and frames ---- */

typedef enum wasmrun_trap_kind_t {
  WASMRUN_TRAP_UNREACHABLE,
  WASMRUN_TRAP_MEMORY_OUT_OF_BOUNDS,
  WASMRUN_TRAP_TABLE_OUT_OF_BOUNDS,
  WASMRUN_TRAP_UNDEFINED_ELEMENT,
  WASMRUN_TRAP_UNINITIALIZED_ELEMENT,
  WASMRUN_TRAP_INDIRECT_CALL_TYPE_MISMATCH,
  WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO,
  WASMRUN_TRAP_INTEGER_OVERFLOW,
  WASMRUN_TRAP_INVALID_CONVERSION_TO_INTEGER,
  WASMRUN_TRAP_CALL_STACK_EXHAUSTED,
  WASMRUN_TRAP_INTERRUPTED,
  WASMRUN_TRAP_HOST,        /* made by the host: wasm_trap_new, a host callback, a bad call */
  WASMRUN_TRAP_OUT_OF_FUEL, /* fuel metering is on and the store's fuel ran out */
} wasmrun_trap_kind_t;

WASM_API_EXTERN wasmrun_trap_kind_t wasmrun_trap_kind(const wasm_trap_t*);

/* The function's name from the module's name section, or empty (not NUL-terminated). */
WASM_API_EXTERN void wasmrun_frame_func_name(const wasm_frame_t*, wasm_name_t* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMRUN_H */
