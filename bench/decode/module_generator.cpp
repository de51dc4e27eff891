#include "bench/decode/module_generator.h"

#include <cstring>

namespace wasmrun::bench {
namespace {

using Bytes = std::vector<uint8_t>;

void put_u32(Bytes& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

void put_s64(Bytes& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7f;
    v >>= 7;
    const bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out.push_back(b);
    if (done) return;
  }
}

void put_section(Bytes& out, uint8_t id, const Bytes& payload) {
  out.push_back(id);
  put_u32(out, static_cast<uint32_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

// Local layout of every generated function: params 0-1 i32, then 2-4 i32, 5-6 i64, 7 f64.
constexpr uint8_t kI32Locals[] = {0, 1, 2, 3, 4};
constexpr uint8_t kI64Locals[] = {5, 6};
constexpr uint8_t kF64Local = 7;

class BodyWriter {
 public:
  BodyWriter(Bytes& out, uint64_t& rng, uint32_t num_funcs)
      : out_(out), rng_(rng), num_funcs_(num_funcs) {}

  void statement(int depth) {
    switch (pick(depth > 0 ? 9 : 4)) {
      case 0:
        expr_i32(3);
        op(0x21, kI32Locals[2 + pick(3)]);  // local.set
        break;
      case 1:
        expr_i64(3);
        op(0x21, kI64Locals[pick(2)]);
        break;
      case 2:
        expr_f64(2);
        op(0x21, kF64Local);
        break;
      case 3:  // i32.store offset=4*k (addr) (value)
        expr_i32(1);
        expr_i32(2);
        out_.insert(out_.end(), {0x36, 0x02});
        put_u32(out_, 4 * pick(64));
        break;
      case 4:  // block ... br_if 0 ... end
        out_.insert(out_.end(), {0x02, 0x40});
        statement(depth - 1);
        expr_i32(2);
        out_.insert(out_.end(), {0x0d, 0x00});
        statement(depth - 1);
        out_.push_back(0x0b);
        break;
      case 5:  // counted loop on local 4
        out_.insert(out_.end(), {0x03, 0x40});
        statement(depth - 1);
        out_.insert(out_.end(), {0x20, 0x04, 0x41, 0x01, 0x6b, 0x22, 0x04, 0x0d, 0x00, 0x0b});
        break;
      case 6:  // if (result i32) ... else ... end, stored to a local
        expr_i32(2);
        out_.insert(out_.end(), {0x04, 0x7f});
        expr_i32(2);
        out_.push_back(0x05);
        expr_i32(2);
        out_.push_back(0x0b);
        op(0x21, kI32Locals[2 + pick(3)]);
        break;
      case 7:  // call f (a, b); drop
        expr_i32(1);
        expr_i32(1);
        out_.push_back(0x10);
        put_u32(out_, pick(num_funcs_));
        out_.push_back(0x1a);
        break;
      default:  // block block (expr) br_table 0 1 0 end end
        out_.insert(out_.end(), {0x02, 0x40, 0x02, 0x40});
        expr_i32(1);
        out_.insert(out_.end(), {0x0e, 0x02, 0x00, 0x01, 0x00, 0x0b});
        statement(depth - 1);
        out_.push_back(0x0b);
        break;
    }
  }

  void expr_i32(int depth) {
    if (depth == 0) {
      if (pick(2)) {
        op(0x20, kI32Locals[pick(5)]);
      } else {
        out_.push_back(0x41);
        put_s64(out_, static_cast<int32_t>(next() & 0xffff) - 0x8000);
      }
      return;
    }
    switch (pick(6)) {
      case 0:
      case 1: {
        static constexpr uint8_t kBinops[] = {0x6a, 0x6b, 0x6c, 0x71, 0x72,
                                              0x73, 0x74, 0x76, 0x46, 0x48};
        expr_i32(depth - 1);
        expr_i32(depth - 1);
        out_.push_back(kBinops[pick(sizeof kBinops)]);
        break;
      }
      case 2:  // i32.load offset
        expr_i32(depth - 1);
        out_.insert(out_.end(), {0x28, 0x02});
        put_u32(out_, 4 * pick(64));
        break;
      case 3:  // i64 comparison
        expr_i64(depth - 1);
        expr_i64(depth - 1);
        out_.push_back(0x53);
        break;
      case 4:  // wrap
        expr_i64(depth - 1);
        out_.push_back(0xa7);
        break;
      default:  // select
        expr_i32(depth - 1);
        expr_i32(depth - 1);
        expr_i32(depth - 1);
        out_.push_back(0x1b);
        break;
    }
  }

  void expr_i64(int depth) {
    if (depth == 0) {
      if (pick(2)) {
        op(0x20, kI64Locals[pick(2)]);
      } else {
        out_.push_back(0x42);
        put_s64(out_, static_cast<int64_t>(next() >> 20) - (int64_t{1} << 43));
      }
      return;
    }
    switch (pick(3)) {
      case 0: {
        static constexpr uint8_t kBinops[] = {0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86};
        expr_i64(depth - 1);
        expr_i64(depth - 1);
        out_.push_back(kBinops[pick(sizeof kBinops)]);
        break;
      }
      case 1:
        expr_i32(depth - 1);
        out_.push_back(0xac);  // i64.extend_i32_s
        break;
      default:
        expr_i32(depth - 1);
        out_.insert(out_.end(), {0x29, 0x03, 0x08});  // i64.load offset=8
        break;
    }
  }

  void expr_f64(int depth) {
    if (depth == 0) {
      if (pick(2)) {
        op(0x20, kF64Local);
      } else {
        const double d = static_cast<double>(next() % 1000) / 8.0;
        uint8_t raw[8];
        std::memcpy(raw, &d, 8);
        out_.push_back(0x44);
        out_.insert(out_.end(), raw, raw + 8);
      }
      return;
    }
    switch (pick(3)) {
      case 0:
        expr_f64(depth - 1);
        expr_f64(depth - 1);
        out_.push_back(pick(2) ? 0xa0 : 0xa2);  // f64.add / f64.mul
        break;
      case 1:
        expr_i32(depth - 1);
        out_.push_back(0xb7);  // f64.convert_i32_s
        break;
      default:
        expr_f64(depth - 1);
        out_.push_back(0x9f);  // f64.sqrt
        break;
    }
  }

 private:
  uint64_t next() {
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return rng_;
  }
  uint32_t pick(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  void op(uint8_t opcode, uint32_t index) {
    out_.push_back(opcode);
    put_u32(out_, index);
  }

  Bytes& out_;
  uint64_t& rng_;
  uint32_t num_funcs_;
};

Bytes function_body(uint64_t& rng, uint32_t num_funcs) {
  // locals: 3 x i32, 2 x i64, 1 x f64. (Built by construction: GCC 12 at -O3 reports a bogus
  // -Wstringop-overflow for an insert of a braced list into an empty vector.)
  Bytes body{0x03, 0x03, 0x7f, 0x02, 0x7e, 0x01, 0x7c};
  BodyWriter w(body, rng, num_funcs);
  const int statements = 12 + static_cast<int>(rng % 16);
  for (int i = 0; i < statements; ++i) w.statement(2);
  body.insert(body.end(), {0x20, 0x00, 0x0b});  // local.get 0; end
  return body;
}

}  // namespace

Bytes generate_module(size_t code_bytes, uint64_t seed) {
  uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 1;
  // Bodies until the budget is used; function i calls only functions 0..i, so every call
  // target exists whatever the final count.
  Bytes bodies;
  uint32_t num_funcs = 0;
  while (bodies.size() < code_bytes) {
    Bytes body = function_body(rng, num_funcs + 1);
    put_u32(bodies, static_cast<uint32_t>(body.size()));
    bodies.insert(bodies.end(), body.begin(), body.end());
    ++num_funcs;
  }
  Bytes code;
  put_u32(code, num_funcs);
  code.insert(code.end(), bodies.begin(), bodies.end());

  Bytes module{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  put_section(module, 1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f});  // [i32 i32] -> [i32]
  Bytes funcs;
  put_u32(funcs, num_funcs);
  funcs.insert(funcs.end(), num_funcs, 0x00);
  put_section(module, 3, funcs);
  put_section(module, 5, {0x01, 0x00, 0x01});  // memory 1
  put_section(module, 10, code);
  return module;
}

Bytes generate_locals_and_loops(uint32_t locals, uint32_t loops) {
  Bytes body;
  put_u32(body, 1);  // one run of i32 locals
  put_u32(body, locals);
  body.push_back(0x7f);
  for (uint32_t k = 0; k < loops; ++k) {
    body.insert(body.end(), {0x03, 0x40, 0x20});  // loop; local.get (k * 7919 % locals)
    put_u32(body, static_cast<uint32_t>(uint64_t{k} * 7919 % locals));
    body.insert(body.end(), {0x1a, 0x0b});  // drop; end
  }
  body.insert(body.end(), {0x41, 0x00, 0x0b});  // i32.const 0; end
  Bytes code;
  put_u32(code, 1);
  put_u32(code, static_cast<uint32_t>(body.size()));
  code.insert(code.end(), body.begin(), body.end());

  Bytes module{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  put_section(module, 1, {0x01, 0x60, 0x00, 0x01, 0x7f});  // [] -> [i32]
  put_section(module, 3, {0x01, 0x00});
  put_section(module, 10, code);
  return module;
}

}  // namespace wasmrun::bench
