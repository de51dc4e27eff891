#include "engine/interp/serialize.h"

#include <cstddef>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "engine/interp/code.h"
#include "engine/interp/support.h"

namespace wasmrun::interp {

namespace {

// Direct calls (XCall, XReturnCall) carry their callee's FuncCode, stored as its index.
bool is_direct_call(size_t op) {
  return op == static_cast<size_t>(IOp::XCall) || op == static_cast<size_t>(IOp::XReturnCall);
}
constexpr size_t kCalleeWord = offsetof(InsCall, callee) / 8;
static_assert(offsetof(InsCall, callee) % 8 == 0);

// Handler value -> op number. Ops that share a handler are interchangeable.
const std::unordered_map<Handler, uint32_t>& op_of_handler() {
  static const auto map = [] {
    std::unordered_map<Handler, uint32_t> m;
    const Handler* t = handler_table();
    for (size_t i = 0; i < kIOpCount; ++i) m.emplace(t[i], static_cast<uint32_t>(i));
    return m;
  }();
  return map;
}

CoreError fail(size_t func, const std::string& what) {
  return CoreError{0, "function " + std::to_string(func) + ": " + what};
}

}  // namespace

uint64_t code_abi_fingerprint() {
  const uint64_t fields[] = {
      kIOpCount,
      sizeof(InsNone),
      sizeof(InsUn),
      sizeof(InsBin),
      sizeof(InsBinImm),
      sizeof(InsTern),
      sizeof(InsLoad),
      sizeof(InsLoadIdx),
      sizeof(InsStoreIdx),
      sizeof(InsStore),
      sizeof(InsLane),
      sizeof(InsShuffle),
      sizeof(InsLoadLane),
      sizeof(InsStoreLane),
      sizeof(InsConst),
      sizeof(InsBr),
      sizeof(InsBrCmp),
      sizeof(InsBrCmpImm),
      sizeof(InsCall),
      sizeof(InsCallImport),
      sizeof(InsCallIndirect),
      sizeof(InsIdx),
      sizeof(InsIdx2),
      sizeof(InsTrap),
      offsetof(InsBrTable, disp),
      kVariantBase,
      kMaxFrameBytes,
  };
  return serial::checksum64({reinterpret_cast<const uint8_t*>(fields), sizeof fields});
}

void serialize_code(const CompiledModule& cm, serial::Writer& out) {
  const auto& ops = op_of_handler();
  const uint32_t imported = cm.validated->module->num_imported_funcs;
  out.u64(cm.funcs.size());
  std::vector<uint64_t> words;
  for (const auto& f : cm.funcs) {
    out.u32(f->func_index);
    out.u32(f->param_bytes);
    out.u32(f->locals_bytes);
    out.u32(f->frame_bytes);
    out.u32(f->num_params);
    out.u32(f->num_results);
    out.u64(f->consts.size());
    out.raw(f->consts.data(), f->consts.size() * 8);
    words.assign(f->code.get(), f->code.get() + f->code_words);
    for (uint32_t w : f->ins_words) {
      uint32_t op = ops.at(static_cast<Handler>(words[w]));
      words[w] = op;
      if (is_direct_call(op)) {
        const FuncCode* callee = nullptr;
        std::memcpy(&callee, &words[w + kCalleeWord], sizeof callee);
        words[w + kCalleeWord] = callee->func_index - imported;
      }
    }
    out.u64(words.size());
    out.raw(words.data(), words.size() * 8);
    out.u64(f->ins_words.size());
    out.raw(f->ins_words.data(), f->ins_words.size() * 4);
    write_code_offsets(out, f->offsets);
  }
}

CoreResult<std::shared_ptr<const CompiledModule>> load_code(
    std::shared_ptr<const ValidatedModule> module, serial::Reader& in) {
  const core::Module& m = *module->module;
  auto cm = std::make_shared<CompiledModule>();
  cm->validated = module;
  uint64_t n = 0;
  // Each function takes at least its six fields and four counts.
  if (!in.count(n, 6 * 4 + 4 * 8, "function table")) return CoreError{0, in.error()};
  if (n != m.bodies.size()) {
    return CoreError{0, "the code has " + std::to_string(n) + " functions, the module " +
                            std::to_string(m.bodies.size())};
  }
  for (size_t i = 0; i < n; ++i) {
    auto fc = std::make_unique<FuncCode>();
    fc->module = cm.get();
    cm->funcs.push_back(std::move(fc));
  }
  const Handler* handlers = handler_table();
  for (size_t i = 0; i < n; ++i) {
    FuncCode& f = *cm->funcs[i];
    in.u32(f.func_index);
    in.u32(f.param_bytes);
    in.u32(f.locals_bytes);
    in.u32(f.frame_bytes);
    in.u32(f.num_params);
    in.u32(f.num_results);
    uint64_t consts = 0;
    if (!in.count(consts, 8, "constants")) return CoreError{0, in.error()};
    f.consts.resize(static_cast<size_t>(consts));
    in.raw(f.consts.data(), f.consts.size() * 8);
    uint64_t words = 0;
    if (!in.count(words, 8, "code")) return CoreError{0, in.error()};
    f.code_words = static_cast<size_t>(words);
    f.code.reset(new uint64_t[f.code_words]);
    in.raw(f.code.get(), f.code_words * 8);
    uint64_t starts = 0;
    if (!in.count(starts, 4, "instruction table")) return CoreError{0, in.error()};
    f.ins_words.resize(static_cast<size_t>(starts));
    in.raw(f.ins_words.data(), f.ins_words.size() * 4);
    read_code_offsets(in, f.code_words * 8, f.offsets);
    if (!in.ok()) return CoreError{0, in.error()};

    if (f.func_index != m.num_imported_funcs + i || f.func_index >= m.func_types.size() ||
        m.func_types[f.func_index] >= m.types.size()) {
      return fail(i, "wrong function index");
    }
    const FuncType& type = m.types[m.func_types[f.func_index]];
    if (f.num_params != type.params.size() || f.num_results != type.results.size()) {
      return fail(i, "signature does not match the module");
    }
    if (f.param_bytes > f.locals_bytes || f.locals_bytes > f.frame_bytes ||
        f.frame_bytes > kMaxFrameBytes || f.locals_bytes + f.consts.size() * 8 > f.frame_bytes) {
      return fail(i, "bad frame layout");
    }
    if (f.code_words == 0 || f.ins_words.empty() || f.ins_words[0] != 0) {
      return fail(i, "no code");
    }
    uint64_t prev = 0;
    for (size_t k = 0; k < f.ins_words.size(); ++k) {
      uint32_t w = f.ins_words[k];
      if ((k > 0 && w <= prev) || w >= f.code_words) return fail(i, "bad instruction offset");
      prev = w;
      uint64_t op = f.code[w];
      if (op >= kIOpCount) return fail(i, "bad instruction");
      f.code[w] = handlers[op];
      if (!is_direct_call(op)) continue;
      if (w + kCalleeWord >= f.code_words || f.code[w + kCalleeWord] >= n) {
        return fail(i, "bad call");
      }
      const FuncCode* callee = cm->funcs[f.code[w + kCalleeWord]].get();
      std::memcpy(&f.code[w + kCalleeWord], &callee, sizeof callee);
    }
    f.type = &type;
    f.const_ptr = f.consts.data();
    f.num_consts = static_cast<uint32_t>(f.consts.size());
  }
  return std::shared_ptr<const CompiledModule>(std::move(cm));
}

}  // namespace wasmrun::interp
