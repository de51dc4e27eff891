// The tier's glue: compile a module into one code buffer and publish it through the code-memory
// layer; enter JIT code through the module's entry trampoline.
#include "jit/jit.h"

#include <asmjit/core.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <vector>

#include "jit/backend.h"
#include "jit/call_layout.h"
#include "jit/compiled_module.h"
#include "jit/compiler.h"
#include "jit/fault_handler.h"
#include "jit/helpers.h"
#include "runtime/native_stack.h"

namespace wasmrun::jit {

namespace {

// Records asmjit's first error; emitters keep going (cheaply) and the module then fails.
class FirstError : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, asmjit::BaseEmitter*) override {
    if (error == asmjit::kErrorOk) {
      error = err;
      text = message;
    }
  }
  asmjit::Error error = asmjit::kErrorOk;
  std::string text;
};

struct Emitted {
  std::vector<asmjit::Label> func_labels;
  asmjit::Label trampoline;
  asmjit::Label trap_common;
};

// Every defined function, then the module's trap tail and entry trampoline, into `code`.
std::optional<CoreError> emit_module(const std::shared_ptr<const ValidatedModule>& module,
                                     asmjit::CodeHolder& code,
                                     std::vector<CodeOffset>* code_offsets,
                                     const CompileOptions& options, Emitted* out,
                                     const asmjit::StringLogger* listing = nullptr,
                                     std::vector<size_t>* listing_starts = nullptr,
                                     bool far_branches = false) {
  if (auto why = backend_unsupported_reason()) return CoreError{0, *why};
  std::unique_ptr<MacroAssembler> masm = make_host_masm(code);
  masm->set_guard_pages(options.guard_pages);
  masm->set_far_branches(far_branches);
  const core::Module& mod = *module->module;
  ModuleCodegen g;
  g.module = module.get();
  g.masm = masm.get();
  g.outgoing_bytes = module_outgoing_bytes(mod);
  g.fuel = options.fuel;
  g.code_offsets = code_offsets;
  for (size_t i = 0; i < mod.bodies.size(); ++i) g.func_labels.push_back(masm->new_label());
  g.trap_common = masm->new_label();
  Label trampoline = masm->new_label();
  for (uint32_t i = 0; i < mod.bodies.size(); ++i) {
    // Where each function's text starts in the listing, so tools can print one function.
    if (listing != nullptr && listing_starts != nullptr)
      listing_starts->push_back(listing->dataSize());
    if (auto err = compile_function(g, i)) return CoreError{mod.bodies[i].code_begin, *err};
  }
  if (listing != nullptr && listing_starts != nullptr)
    listing_starts->push_back(listing->dataSize());
  masm->emit_trap_common(g.trap_common);
  masm->emit_entry_trampoline(trampoline);
  for (Label l : g.func_labels) out->func_labels.push_back(asmjit::Label(l.id));
  out->trampoline = asmjit::Label(trampoline.id);
  out->trap_common = asmjit::Label(g.trap_common.id);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> host_unsupported_reason() { return backend_unsupported_reason(); }

CoreResult<std::shared_ptr<const CompiledModule>> compile_module(
    std::shared_ptr<const ValidatedModule> module, std::shared_ptr<CodeAllocator> allocator,
    CompileOptions options) {
  if (options.guard_pages && !install_fault_handler()) {
    return CoreError{0, "cannot install the guard-page fault handler"};
  }
  auto cm = std::make_shared<CompiledModule>();
  cm->module = module;
  asmjit::CodeHolder code;
  FirstError errors;
  Emitted emitted;
  // Short conditional branches first; a module where one does not reach its target (arm64:
  // functions of more than 1 MiB of code) is emitted again with far branches.
  for (bool far_branches : {false, true}) {
    code.reset();
    code.init(asmjit::Environment::host());
    errors.error = asmjit::kErrorOk;
    errors.text.clear();
    code.setErrorHandler(&errors);
    cm->code_offsets.clear();
    emitted = Emitted{};
    if (auto err = emit_module(module, code, &cm->code_offsets, options, &emitted, nullptr, nullptr,
                               far_branches)) {
      return *err;
    }
    if (errors.error != asmjit::kErrorInvalidDisplacement) break;
  }
  if (errors.error != asmjit::kErrorOk) {
    return CoreError{0, "JIT code emission failed: " + errors.text};
  }

  // Only references between labels of the one section (relative by construction) keep the code
  // valid at any address; anything else would make a serialized copy unloadable.
  for (const asmjit::RelocEntry* r : code.relocEntries()) {
    if (r->relocType() != asmjit::RelocType::kNone &&
        r->relocType() != asmjit::RelocType::kExpression) {
      cm->position_independent = false;
    }
  }

  std::string why;
  asmjit::CodeHolder* holders[] = {&code};
  if (!rt::publish_code_holders(std::move(allocator), holders, &cm->code, &why)) {
    return CoreError{0, "JIT unavailable: " + why};
  }
  CodeOffsets offsets;
  for (asmjit::Label l : emitted.func_labels) {
    offsets.entries.push_back(code.labelOffsetFromBase(l));
  }
  offsets.trampoline = code.labelOffsetFromBase(emitted.trampoline);
  offsets.trap_common = code.labelOffsetFromBase(emitted.trap_common);
  offsets.size = code.codeSize();
  if (auto err = finish_module(*cm, offsets, options)) return *err;
  return std::shared_ptr<const CompiledModule>(std::move(cm));
}

std::optional<CoreError> finish_module(CompiledModule& cm, const CodeOffsets& offsets,
                                       const CompileOptions& options) {
  auto base = reinterpret_cast<uintptr_t>(cm.code.entries[0].p);
  cm.entries.clear();
  for (uint64_t off : offsets.entries) cm.entries.push_back(base + off);
  cm.trampoline = reinterpret_cast<TrampolineFn>(base + offsets.trampoline);
  cm.begin = base;
  cm.end = base + offsets.size;
  cm.trap_common = base + offsets.trap_common;
  register_code(&cm);
  cm.debugger_registration = announce_code(cm, options.visibility);
  if (options.guard_pages) {
    if (!register_fault_module(&cm)) {
      return CoreError{0, "too many guard-page modules for the fault handler"};
    }
    cm.fault_registered = true;
  }
  return std::nullopt;
}

const void* function_entry(const CompiledModule& compiled, uint32_t func_index) {
  uint32_t defined = func_index - compiled.module->module->num_imported_funcs;
  return reinterpret_cast<const void*>(compiled.entries[defined]);
}

CoreResult<std::string> disassemble_module(std::shared_ptr<const ValidatedModule> module,
                                           CompileOptions options) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  asmjit::StringLogger logger;
  code.setLogger(&logger);
  Emitted emitted;
  std::vector<CodeOffset> offsets;
  if (auto err = emit_module(module, code, &offsets, options, &emitted)) return *err;
  return std::string(logger.data(), logger.dataSize());
}

CoreResult<std::vector<std::string>> disassemble_functions(
    std::shared_ptr<const ValidatedModule> module, CompileOptions options) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  asmjit::StringLogger logger;
  code.setLogger(&logger);
  Emitted emitted;
  std::vector<size_t> starts;
  std::vector<CodeOffset> offsets;
  if (auto err = emit_module(module, code, &offsets, options, &emitted, &logger, &starts)) {
    return *err;
  }
  std::vector<std::string> listings;
  for (size_t i = 0; i + 1 < starts.size(); ++i) {
    listings.emplace_back(logger.data() + starts[i], starts[i + 1] - starts[i]);
  }
  return listings;
}

// ---- execution ----

struct Thread::State {
  ExecState exec;
};

Thread::Thread(size_t max_stack_bytes) : state_(std::make_unique<State>()) {
  install_helpers(state_->exec);
  state_->exec.max_stack_bytes = max_stack_bytes;
}

Thread::~Thread() = default;

namespace {

std::optional<rt::TrapInfo> call_host(rt::FuncInst* f, const rt::RawValue* args,
                                      rt::RawValue* results) {
  rt::HostCallContext hc{nullptr};
  try {
    return f->host(hc, args, results);
  } catch (const std::exception& e) {
    return rt::TrapInfo{rt::TrapKind::Host, e.what(), {}};
  } catch (...) {
    return rt::TrapInfo{rt::TrapKind::Host, "host function threw", {}};
  }
}

}  // namespace

std::optional<rt::TrapInfo> invoke(Thread& thread, rt::FuncInst* f, const rt::RawValue* args,
                                   rt::RawValue* results) {
  if (f->is_host()) return call_host(f, args, results);
  const CompiledModule* m =
      f->jit_code ? find_code(reinterpret_cast<uintptr_t>(f->jit_code)) : nullptr;
  if (!m) return rt::TrapInfo{rt::TrapKind::Host, "function has no JIT code", {}};

  const FuncType& type = *f->type;
  CallLayout layout = call_layout(type);
  // At least the area every entry into JIT code reserves (tail calls rely on it).
  const uint32_t area = std::max(layout.bytes, kMinArgAreaBytes);
  std::vector<uint64_t> cells(area / 8 + 2, 0);
  auto* bytes = reinterpret_cast<uint8_t*>(cells.data());
  for (size_t j = 0; j < type.params.size(); ++j) {
    std::memcpy(bytes + layout.params[j], &args[j], call_cell_size(type.params[j]));
  }

  // The limit comes from the bounds of the thread making this call; a nested entry (host ->
  // wasm again) on the same thread keeps the outer one. An entry that finds itself already past
  // the limit (a host function recursing into wasm) traps before running anything.
  ExecState& s = thread.state()->exec;
  const uintptr_t here = rt::current_stack_position();
  const uintptr_t limit =
      rt::stack_limit_for_entry(here, s.entry_fp == 0 ? 0 : s.stack_limit, s.max_stack_bytes);
  if (here <= limit) {
    return rt::TrapInfo{
        rt::TrapKind::CallStackExhausted, rt::trap_message(rt::TrapKind::CallStackExhausted), {}};
  }
  ExecState saved_regs;
  saved_regs.stack_limit = s.stack_limit;
  saved_regs.entry_sp = s.entry_sp;
  saved_regs.entry_fp = s.entry_fp;
  s.stack_limit = limit;
  s.trap.reset();
  int rc = m->trampoline(&s, f->ctx, f->jit_code, cells.data(), area);
  s.stack_limit = saved_regs.stack_limit;
  s.entry_sp = saved_regs.entry_sp;
  s.entry_fp = saved_regs.entry_fp;
  if (rc != 0) {
    rt::TrapInfo trap = s.trap ? std::move(*s.trap) : rt::TrapInfo{};
    s.trap.reset();
    return trap;
  }
  for (size_t k = 0; k < type.results.size(); ++k) {
    results[k] = rt::raw_zero();
    std::memcpy(&results[k], bytes + layout.results[k], call_cell_size(type.results[k]));
  }
  return std::nullopt;
}

}  // namespace wasmrun::jit
