// The embedder's code allocator through the C API: every call reaches it, JIT code runs from
// its memory, and the engine uses no other executable memory.
#include <sys/mman.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

// A plain mmap + mprotect allocator that counts its calls and remembers what it handed out.
struct Counting {
  int reserves = 0, writes = 0, publishes = 0, releases = 0, finalized = 0;
  bool refuse = false;
  std::set<std::pair<uintptr_t, uintptr_t>> ranges;  // every reservation ever made
  std::set<void*> live;
};

size_t round_to_pages(size_t n) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (n + page - 1) / page * page;
}

int reserve(void* user, size_t size, wasmrun_code_reservation_t* out) {
  auto* c = static_cast<Counting*>(user);
  ++c->reserves;
  if (c->refuse) return 7;
  size_t len = round_to_pages(size);
  void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  *out = {p, p, len};
  c->ranges.insert({reinterpret_cast<uintptr_t>(p), reinterpret_cast<uintptr_t>(p) + len});
  c->live.insert(p);
  return 0;
}

// The pages stay writable from reserve until publish, so write only calls the engine back.
int write(void* user, const wasmrun_code_reservation_t* r, wasmrun_code_write_fn_t fn,
          void* engine_user) {
  ++static_cast<Counting*>(user)->writes;
  return fn(engine_user, static_cast<uint8_t*>(r->exec), r->size);
}

int publish(void* user, const wasmrun_code_reservation_t* r) {
  ++static_cast<Counting*>(user)->publishes;
  return mprotect(r->exec, r->size, PROT_READ | PROT_EXEC);
}

void release(void* user, const wasmrun_code_reservation_t* r) {
  auto* c = static_cast<Counting*>(user);
  ++c->releases;
  c->live.erase(r->handle);
  munmap(r->exec, r->size);
}

void finalize(void* user) { ++static_cast<Counting*>(user)->finalized; }

wasmrun_code_allocator_t allocator_for(Counting* c) {
  return {c, reserve, write, publish, release, finalize};
}

// Anonymous executable mappings of this process, from /proc/self/maps.
std::set<std::pair<uintptr_t, uintptr_t>> anonymous_exec_mappings() {
  std::set<std::pair<uintptr_t, uintptr_t>> out;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms, offset, dev, inode, path;
    in >> range >> perms >> offset >> dev >> inode >> path;
    if (perms.size() < 3 || perms[2] != 'x' || !path.empty()) continue;
    size_t dash = range.find('-');
    out.insert({std::stoull(range.substr(0, dash), nullptr, 16),
                std::stoull(range.substr(dash + 1), nullptr, 16)});
  }
  return out;
}

#if WASMRUN_HAS_JIT

TEST(CApiCodeAllocatorTest, EveryJitAllocationGoesThroughIt) {
  Counting c;
  auto before = anonymous_exec_mappings();
  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_JIT);
  wasmrun_code_allocator_t a = allocator_for(&c);
  wasmrun_config_set_code_allocator(config, &a);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  ASSERT_EQ(wasmrun_engine_effective_tier(engine), WASMRUN_TIER_JIT)
      << wasmrun_engine_jit_unavailable_reason(engine);
  int after_probe = c.reserves;  // the engine checks the allocator once when it is made
  EXPECT_EQ(c.releases, after_probe);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  wasm_bytes("basic", &bytes);
  wasm_module_t* m1 = wasm_module_new(store, &bytes);
  wasm_module_t* m2 = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  ASSERT_NE(m1, nullptr);
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(c.reserves, after_probe + 2);  // one block per module
  EXPECT_GE(c.writes, c.reserves);
  EXPECT_EQ(c.publishes, c.reserves);
  EXPECT_EQ(c.live.size(), 2u);

  wasm_instance_t* inst = wasm_instance_new(store, m1, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  {
    Exports ex(m1, inst);
    wasm_val_t args[1] = {i32(11)};
    wasm_val_t results[1];
    wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(results);
    EXPECT_EQ(wasm_func_call(ex.func("square"), &av, &rv), nullptr);
    EXPECT_EQ(results[0].of.i32, 121);
  }
  // Every executable mapping that appeared since is covered by the allocator's blocks (the
  // kernel merges adjacent blocks of equal protection into one mapping).
  for (const auto& range : anonymous_exec_mappings()) {
    if (before.count(range)) continue;
    uintptr_t covered = range.first;
    for (const auto& r : c.ranges)  // ordered by start
      if (r.first <= covered && r.second > covered) covered = r.second;
    EXPECT_GE(covered, range.second)
        << std::hex << "executable mapping " << range.first << "-" << range.second
        << " did not come from the embedder's allocator";
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m1);
  wasm_module_delete(m2);
  wasm_store_delete(store);
  EXPECT_EQ(c.finalized, 0);  // the engine still holds the allocator
  wasm_engine_delete(engine);
  EXPECT_EQ(c.releases, c.reserves);
  EXPECT_TRUE(c.live.empty());
  EXPECT_EQ(c.finalized, 1);
}

// A refusing allocator is never bypassed: the JIT tier cannot compile, auto falls back to the
// interpreter, and both say why.
TEST(CApiCodeAllocatorTest, RefusingAllocatorIsNotBypassed) {
  Counting c;
  c.refuse = true;
  for (wasmrun_tier_t tier : {WASMRUN_TIER_JIT, WASMRUN_TIER_AUTO}) {
    wasm_config_t* config = wasm_config_new();
    wasmrun_config_set_tier(config, tier);
    wasmrun_code_allocator_t a = allocator_for(&c);
    wasmrun_config_set_code_allocator(config, &a);
    wasm_engine_t* engine = wasm_engine_new_with_config(config);
    EXPECT_EQ(wasmrun_engine_effective_tier(engine), WASMRUN_TIER_INTERP);
    EXPECT_NE(std::string(wasmrun_engine_jit_unavailable_reason(engine)).find("refused"),
              std::string::npos)
        << wasmrun_engine_jit_unavailable_reason(engine);
    wasm_store_t* store = wasm_store_new(engine);
    wasm_byte_vec_t bytes;
    wasm_bytes("basic", &bytes);
    wasm_module_t* m = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    if (tier == WASMRUN_TIER_JIT) {
      EXPECT_EQ(m, nullptr);
      EXPECT_STRNE(wasmrun_last_error(), "");
    } else {
      EXPECT_NE(m, nullptr);  // runs in the interpreter
    }
    if (m) wasm_module_delete(m);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  EXPECT_EQ(c.publishes, 0);
  EXPECT_EQ(c.finalized, 2);
}

#endif

// An allocator set on a config that never makes an engine is still finalized, once.
TEST(CApiCodeAllocatorTest, ConfigDeletedFinalizesAllocator) {
  Counting c;
  wasm_config_t* config = wasm_config_new();
  wasmrun_code_allocator_t a = allocator_for(&c);
  wasmrun_config_set_code_allocator(config, &a);
  wasmrun_config_set_code_allocator(config, nullptr);  // replaced: the first is let go
  EXPECT_EQ(c.finalized, 1);
  wasmrun_config_set_code_allocator(config, &a);
  wasm_config_delete(config);
  EXPECT_EQ(c.finalized, 2);
  EXPECT_EQ(c.reserves, 0);
}

}  // namespace
}  // namespace wasmrun::capi_test
