// wasmrun's public C++ API. Tools, the spec runner and the benchmarks use this and nothing below
// it. No exception crosses this boundary: failures come back as values (Error, Trap).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasmrun/types.hpp"

namespace wasmrun {

class CodeAllocator;  // see wasmrun/code_allocator.hpp

// Interp: the interpreter. Jit: the JIT only (modules fail to compile where it cannot run).
// Auto: the JIT where it can run (a back end for the CPU, executable memory granted), else the
// interpreter; Engine::effective_tier() and jit_unavailable_reason() tell which and why.
enum class Tier : uint8_t { Interp, Jit, Auto };
// GuardPages: the JIT lets accesses past a memory's end fault on its guard region and turns the
// fault into a trap. For that the engine installs a SIGSEGV and SIGBUS handler, process-wide and
// once, when the first module is compiled for the JIT with guard pages; it handles faults in JIT
// code and hands every other fault to the handler installed before it. A host that installs its
// own SIGSEGV/SIGBUS handler after that must keep the action it replaces (sigaction's third
// argument) and call it, with the same signal, siginfo and context, for every fault that is not
// its own; otherwise a guest's out-of-bounds access crashes the process instead of trapping.
enum class BoundsChecks : uint8_t { GuardPages, Explicit };
// What the JIT tells profilers about its code (no effect on the interpreter). PerfMap: lines in
// /tmp/perf-PID.map, so `perf report` names wasm functions. JitDump: records with the machine
// code in ./jit-PID.dump, for `perf record -k mono`, `perf inject --jit` and `perf annotate`.
enum class Profiling : uint8_t { None, PerfMap, JitDump };

// Largest module binary read or compiled unless the embedder says otherwise (1 GiB, as in V8):
// decoding holds the bytes and structures several times their size.
inline constexpr uint64_t kDefaultMaxModuleBytes = uint64_t{1} << 30;

struct EngineConfig {
  // The default of both the C++ and the C API (wasm_config_new): embedders expect compiled
  // code unless they ask otherwise, and a host that refuses executable memory still runs.
  Tier tier = Tier::Auto;
  BoundsChecks bounds_checks = BoundsChecks::Explicit;
  // Engine-wide cap on any memory's size in pages; only 64-bit memories (memory64) can use more
  // than 65536 (4 GiB), the most a 32-bit memory holds.
  uint32_t max_memory_pages = kMaxPages;
  uint32_t max_table_size = 10'000'000;  // engine-wide cap on any table's size
  uint32_t max_call_depth = 10'000;      // interpreter frames before "call stack exhausted"
  // Native stack that wasm may use below the outermost call from the host, in bytes; 0: all of
  // the calling thread's stack but a reserve kept for traps and host calls. Both tiers take the
  // bounds of the thread that makes each call, so calls from threads with small stacks trap
  // with "call stack exhausted" instead of overflowing them. JIT frames and host re-entry use
  // this stack; interpreter frames live on the store's own value stack.
  size_t max_stack_bytes = 0;
  uint64_t max_module_bytes = kDefaultMaxModuleBytes;  // larger binaries are not compiled
  // Threads that validate and compile one module's functions (0: one per core of the machine).
  // Modules under 128 KiB always use the calling thread only. The compiled code is the same
  // whatever the count.
  uint32_t compile_threads = 0;
  std::shared_ptr<CodeAllocator> code_allocator;  // null: the platform's default
  Profiling profiling = Profiling::None;
  // Registers each module's JIT code with debuggers through the GDB JIT interface, so gdb's
  // backtraces and breakpoints name wasm functions ("wasm::NAME", or "wasm::func[INDEX]").
  // Off by default: a debugger attached to a process reads every registered module's symbols.
  bool debug_info = false;
  // Deterministic fuel metering, in both tiers alike. Every wasm function entry and every loop
  // header reached (by falling into the loop or branching back to it) consumes one unit of the
  // store's fuel; a unit needed when none is left ends the call with an OutOfFuel trap. So the
  // same program with the same fuel stops at the same point and leaves the same fuel in either
  // tier. Host functions consume nothing themselves. Stores start with no fuel (Store::set_fuel).
  // Off by default; when off no code is generated for it.
  bool fuel = false;
  // WebAssembly 3.0 features (types.hpp), each on by default; compiling or loading a module that
  // uses one switched off fails with an Invalid error naming it.
  Features features;
};

// A decode, validation, link or instantiation failure.
struct Error {
  enum class Kind : uint8_t { Malformed, Invalid, Link, Instantiate, Other };
  Kind kind = Kind::Other;
  std::string message;
  uint64_t offset = 0;  // byte offset in the module (Malformed, Invalid)
};

enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  CallStackExhausted,
  Interrupted,
  Host,
  OutOfFuel,  // EngineConfig::fuel is on and the store's fuel ran out
};

// The kind's name for people and logs, e.g. "memory out of bounds" ("trap" for a value outside
// the enum). Stable: tools print it and tests match it. Trap::message is the specification's
// wording instead.
const char* to_string(TrapKind kind);

struct Frame {
  uint32_t func_index = 0;
  std::string func_name;
  // Where the frame stands: the trapping instruction (innermost frame) or the call it made (the
  // others), as a byte offset in the module binary and from the start of the function's body
  // (its locals declarations, right after the body's size), as wasmtime reports them.
  uint32_t func_offset = 0;
  uint32_t module_offset = 0;
};

struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;
  // Innermost first. A deep one keeps its innermost and outermost frames (16 each, in both
  // tiers): `frames_omitted` more sat between backtrace[size/2 - 1] and backtrace[size/2].
  std::vector<Frame> backtrace;
  uint64_t frames_omitted = 0;
  // Message and backtrace, one frame a line (`at func[INDEX] NAME +0xFUNC_OFFSET`), with
  // "... N frames omitted" where they were.
  std::string to_string() const;
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

class Func;

// A typed value. Floats are kept as bits so NaN payloads survive the round trip.
class Value {
 public:
  Value() = default;
  static Value i32(int32_t v) { return bits(ValType::I32, static_cast<uint32_t>(v)); }
  static Value i64(int64_t v) { return bits(ValType::I64, static_cast<uint64_t>(v)); }
  static Value f32_bits(uint32_t b) { return bits(ValType::F32, b); }
  static Value f64_bits(uint64_t b) { return bits(ValType::F64, b); }
  static Value f32(float f);
  static Value f64(double d);
  static Value v128(const V128& v);
  static Value null_ref(ValType ref_type);
  static Value funcref(const Func& f);
  // An externref carrying an opaque host pointer; nullptr gives the null externref.
  static Value externref(void* p);

  ValType type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(lo_); }
  int64_t i64() const { return static_cast<int64_t>(lo_); }
  uint32_t f32_bits() const { return static_cast<uint32_t>(lo_); }
  uint64_t f64_bits() const { return lo_; }
  float f32() const;
  double f64() const;
  V128 v128() const;
  bool is_null() const { return lo_ == 0; }  // for reference types
  void* externref() const { return reinterpret_cast<void*>(lo_); }
  std::optional<Func> funcref() const;
  // Raw word for reference types (the runtime's Ref); internal use and tools.
  uint64_t raw_lo() const { return lo_; }
  uint64_t raw_hi() const { return hi_; }
  static Value from_raw(ValType t, uint64_t lo, uint64_t hi = 0) {
    Value v;
    v.type_ = t;
    v.lo_ = lo;
    v.hi_ = hi;
    return v;
  }
  std::string to_string() const;

 private:
  static Value bits(ValType t, uint64_t b) { return from_raw(t, b, 0); }
  ValType type_ = ValType::I32;
  uint64_t lo_ = 0;
  uint64_t hi_ = 0;
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  const EngineConfig& config() const;
  // The tier modules will actually run in, and why the JIT is not used when it is not.
  Tier effective_tier() const;
  const std::string& jit_unavailable_reason() const;

  struct Impl;
  std::shared_ptr<Impl> impl() const { return impl_; }

 private:
  std::shared_ptr<Impl> impl_;
};

struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind;
  FuncType func;  // kind == Func
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ExportDesc {
  std::string name;
  ExternKind kind;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

// The machine code the JIT emits for one function, as an assembly listing.
struct FunctionCode {
  uint32_t func_index = 0;
  std::string name;  // from the name section or an export, may be empty
  std::string listing;
};

// Decoded, validated and translated for the engine's tier; immutable and shareable.
class Module {
 public:
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // Takes the bytes over instead of copying them (half the peak memory for a large module).
  static Result<Module> compile(const Engine& engine, std::vector<uint8_t>&& bytes);
  // Decode and validate only, with the WebAssembly 3.0 features in `features`.
  static std::optional<Error> validate(std::span<const uint8_t> bytes,
                                       uint64_t max_bytes = kDefaultMaxModuleBytes,
                                       const Features& features = {});
  static std::optional<Error> validate(std::vector<uint8_t>&& bytes,
                                       uint64_t max_bytes = kDefaultMaxModuleBytes,
                                       const Features& features = {});

  // The module's compiled code (JIT machine code or the interpreter's internal code) with its
  // binary, as the bytes of a compiled-module (.cwasm) file. Module::deserialize loads them in an
  // engine of the same wasmrun build, target CPU and code-affecting configuration (tier, bounds
  // checks) without validating or compiling again.
  Result<std::vector<uint8_t>> serialize() const;
  // Loads what serialize() wrote. A file from another wasmrun version, architecture, CPU or
  // configuration, or a corrupt one (checksum), is an Error. Loading TRUSTS the file: its
  // machine code runs as it is, so load only files you made or got from a trusted source.
  static Result<Module> deserialize(const Engine& engine, std::span<const uint8_t> bytes);
  // True when `bytes` start like a compiled-module file rather than a wasm binary.
  static bool is_serialized(std::span<const uint8_t> bytes);
  // The module's wasm binary (valid as long as the module).
  std::span<const uint8_t> binary() const;

  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;

  // What the JIT makes of every defined function, for people who work on the JIT. An Error when
  // this build has no JIT for the host.
  Result<std::vector<FunctionCode>> jit_listings() const;

  struct Impl;
  std::shared_ptr<const Impl> impl() const { return impl_; }
  explicit Module(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

// Owns every instance, function, memory, table and global created in it; they live as long as
// the store. A store is used by one thread at a time.
class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // Asks running wasm code in this store to stop with an Interrupted trap. Safe to call from
  // any thread; the flag is cleared when the next call into the store starts.
  void interrupt();

  // Fuel (EngineConfig::fuel). Consumed fuel stays consumed, across calls and traps: after an
  // OutOfFuel trap the store has none left until the host adds more and calls again. All three
  // return false / nullopt, changing nothing, when the engine does not meter fuel. At most
  // INT64_MAX units are held; larger amounts are clamped. Like every store call, not from
  // another thread while wasm runs in the store (a host function called by wasm may use them).
  bool set_fuel(uint64_t fuel);
  bool add_fuel(uint64_t fuel);
  std::optional<uint64_t> fuel() const;

  struct Impl;
  Impl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

using CallResult = std::variant<std::vector<Value>, Trap>;

// Host functions receive their arguments and fill `results` (sized to the type's results), or
// return a Trap to abort the wasm call.
using HostFunction =
    std::function<std::optional<Trap>(std::span<const Value> args, std::span<Value> results)>;

class Func {
 public:
  static Func create(Store& store, const FuncType& type, HostFunction fn);
  FuncType type() const;
  // Arguments are checked against the type; a mismatch is a Host trap, never a crash.
  CallResult call(std::span<const Value> args) const;

  void* raw() const { return ptr_; }  // the runtime's FuncInst
  Func(Store::Impl* store, void* ptr) : store_(store), ptr_(ptr) {}

 private:
  Store::Impl* store_ = nullptr;
  void* ptr_ = nullptr;
};

class Memory {
 public:
  static Result<Memory> create(Store& store, const MemoryType& type);
  MemoryType type() const;
  uint8_t* data() const;
  uint64_t size_bytes() const;
  uint64_t pages() const;                        // below 2^32 unless type().is64
  std::optional<uint64_t> grow(uint64_t delta);  // old page count, or nullopt

  void* raw() const { return ptr_; }
  Memory(Store::Impl* store, void* ptr) : store_(store), ptr_(ptr) {}

 private:
  Store::Impl* store_ = nullptr;
  void* ptr_ = nullptr;
};

class Table {
 public:
  static Result<Table> create(Store& store, const TableType& type, Value init);
  TableType type() const;
  uint32_t size() const;
  std::optional<Value> get(uint32_t index) const;
  bool set(uint32_t index, Value v);
  std::optional<uint32_t> grow(uint32_t delta, Value init);

  void* raw() const { return ptr_; }
  Table(Store::Impl* store, void* ptr) : store_(store), ptr_(ptr) {}

 private:
  Store::Impl* store_ = nullptr;
  void* ptr_ = nullptr;
};

class Global {
 public:
  static Result<Global> create(Store& store, const GlobalType& type, Value init);
  GlobalType type() const;
  Value get() const;
  bool set(Value v);  // false if immutable or of the wrong type

  void* raw() const { return ptr_; }
  Global(Store::Impl* store, void* ptr) : store_(store), ptr_(ptr) {}

 private:
  Store::Impl* store_ = nullptr;
  void* ptr_ = nullptr;
};

using Extern = std::variant<Func, Table, Memory, Global>;
ExternKind kind_of(const Extern& e);

class Instance {
 public:
  // Imports in the module's import order. Link errors and traps during instantiation (active
  // segments out of bounds, a trapping start function) come back as Error of kind Link or
  // Instantiate; for a trap, `trap` holds it too.
  static Result<Instance> create(Store& store, const Module& module,
                                 std::span<const Extern> imports,
                                 std::optional<Trap>* trap = nullptr);

  std::optional<Extern> get_export(std::string_view name) const;
  std::optional<Func> get_func(std::string_view name) const;
  std::optional<Memory> get_memory(std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports() const;

  void* raw() const { return ptr_; }
  Instance(Store::Impl* store, void* ptr) : store_(store), ptr_(ptr) {}

 private:
  Store::Impl* store_ = nullptr;
  void* ptr_ = nullptr;
};

// A module binary from a regular file, read in one go after its size was checked against
// `max_bytes`. Directories, devices, FIFOs and sockets are refused (an Error of kind Other with
// the reason): they have no size to check and may never end. Streaming is an explicit choice:
// read_module_stream reads a descriptor (a pipe, standard input) to its end, stopping with an
// Error as soon as more than `max_bytes` arrived.
Result<std::vector<uint8_t>> read_module_file(const std::string& path,
                                              uint64_t max_bytes = kDefaultMaxModuleBytes);
Result<std::vector<uint8_t>> read_module_stream(int fd,
                                                uint64_t max_bytes = kDefaultMaxModuleBytes);

const char* version();

}  // namespace wasmrun
