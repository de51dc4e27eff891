#include "engine/core/decoder.h"

#include <gtest/gtest.h>

#include "engine/core/name_section.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

using namespace wasmrun::testing;

constexpr uint8_t kI32 = 0x7f;
constexpr uint8_t kI64 = 0x7e;
constexpr uint8_t kEnd = 0x0b;

std::shared_ptr<const core::Module> decode_ok(const Bytes& b) {
  auto r = decode_module(b);
  EXPECT_TRUE(r.ok()) << r.error.message << " @" << r.error.offset;
  return r.ok() ? *r.value : nullptr;
}

std::string decode_error(const Bytes& b) {
  auto r = decode_module(b);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error.message;
}

TEST(Decoder, EmptyModule) {
  auto m = decode_ok(header());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->bytes, header());
  EXPECT_TRUE(m->types.empty());
}

TEST(Decoder, MagicAndVersion) {
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73}), "magic header not detected");
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0}), "magic header not detected");
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0}), "unknown binary version");
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6d, 1, 0, 0}), "unknown binary version");
}

TEST(Decoder, FunctionWithLocals) {
  const Bytes b = module_with_funcs(
      {func_type({kI32}, {kI64})},
      {{0, vec({cat({u32(2), {kI64}}), cat({u32(3), {kI32}})}), {0x42, 0x00, kEnd}}});
  auto m = decode_ok(b);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->types.size(), 1u);
  EXPECT_EQ(m->types[0].params, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(m->types[0].results, std::vector<ValType>{ValType::I64});
  ASSERT_EQ(m->bodies.size(), 1u);
  const core::FunctionBody& body = m->bodies[0];
  EXPECT_EQ(body.num_locals, 5u);
  ASSERT_EQ(body.locals.size(), 2u);
  EXPECT_EQ(body.locals[1].count, 3u);
  EXPECT_EQ(body.locals[1].type, ValType::I32);
  EXPECT_EQ(body.code_end, b.size());
  EXPECT_EQ(body.code_end - body.code_begin, 3u);
  EXPECT_EQ(b[body.code_begin], 0x42);
  EXPECT_EQ(m->func_types, std::vector<uint32_t>{0});
}

TEST(Decoder, SectionOrder) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({u32(0)}));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd})}));
  EXPECT_TRUE(decode_module(module({types, funcs, code})).ok());
  EXPECT_NE(decode_error(module({funcs, types, code})).find("out of order"), std::string::npos);
  EXPECT_NE(decode_error(module({types, types})).find("out of order or repeated"),
            std::string::npos);
  // Custom sections may appear anywhere, repeatedly.
  const Bytes custom = section(0, cat({name("x"), {1, 2, 3}}));
  auto m = decode_ok(module({custom, types, custom, funcs, custom, code, custom}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->customs.size(), 4u);
  EXPECT_EQ(m->customs[0].name, "x");
  EXPECT_EQ(m->customs[0].size, 3u);
  EXPECT_EQ(decode_error(module({section(13, {})})), "malformed section id 13");
}

TEST(Decoder, DataCountSitsBetweenElementAndCode) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({u32(0)}));
  const Bytes datacount = section(12, u32(0));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd})}));
  const Bytes data = section(11, vec({}));
  auto m = decode_ok(module({types, funcs, datacount, code, data}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->data_count, 0u);
  EXPECT_FALSE(decode_module(module({types, funcs, code, datacount})).ok());
  EXPECT_FALSE(decode_module(module({datacount, types})).ok());
}

TEST(Decoder, SectionSizesMustMatch) {
  // Type section claims 5 bytes but its content is 4.
  Bytes b = module({{1, 5, 1, 0x60, 0, 0, 0}});
  EXPECT_EQ(decode_error(b), "section size mismatch");
  // Section larger than the module.
  EXPECT_FALSE(decode_module(module({{1, 10, 1, 0x60, 0, 0}})).ok());
  // Too short: the function type is cut.
  EXPECT_FALSE(decode_module(module({{1, 3, 1, 0x60, 0}})).ok());
}

TEST(Decoder, BadLebInSectionSize) {
  EXPECT_EQ(decode_error(module({{1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}})),
            "integer representation too long");
  EXPECT_EQ(decode_error(module({{1, 0xff, 0xff, 0xff, 0xff, 0x7f}})), "integer too large");
}

TEST(Decoder, FunctionAndCodeCountsAgree) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  EXPECT_EQ(decode_error(module({types, section(3, vec({u32(0)}))})),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(decode_error(module({types, section(3, vec({u32(0), u32(0)})),
                                 section(10, vec({code_entry({0x00}, {kEnd})}))})),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(decode_error(module({types, section(10, vec({code_entry({0x00}, {kEnd})}))})),
            "function and code section have inconsistent lengths");
}

TEST(Decoder, DataCountMustMatchDataSection) {
  const Bytes mem = section(5, vec({{0x00, 0x01}}));
  const Bytes passive = cat({u32(1), name("ab")});
  EXPECT_TRUE(decode_module(module({mem, section(12, u32(1)), section(11, vec({passive}))})).ok());
  EXPECT_EQ(decode_error(module({mem, section(12, u32(2)), section(11, vec({passive}))})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(decode_error(module({mem, section(12, u32(1))})),
            "data count and data section have inconsistent lengths");
}

TEST(Decoder, TooManyLocals) {
  const Bytes b =
      module_with_funcs({func_type({}, {})}, {{0, vec({cat({u32(50'001), {kI32}})}), {kEnd}}});
  EXPECT_EQ(decode_error(b), "too many locals");
  const Bytes split = module_with_funcs(
      {func_type({}, {})},
      {{0, vec({cat({u32(0xffffffff), {kI32}}), cat({u32(0xffffffff), {kI64}})}), {kEnd}}});
  EXPECT_EQ(decode_error(split), "too many locals");
  EXPECT_TRUE(decode_module(module_with_funcs({func_type({}, {})},
                                              {{0, vec({cat({u32(50'000), {kI32}})}), {kEnd}}}))
                  .ok());
}

TEST(Decoder, TypeArityLimits) {
  EXPECT_TRUE(
      decode_module(module({section(1, vec({func_type(Bytes(1000, kI32), Bytes(1000, kI64))}))}))
          .ok());
  EXPECT_EQ(decode_error(module({section(1, vec({func_type(Bytes(1001, kI32), {})}))})),
            "too many params in a function type");
  EXPECT_EQ(decode_error(module({section(1, vec({func_type({}, Bytes(1001, kI32))}))})),
            "too many results in a function type");
}

TEST(Decoder, ModuleWideLocalsLimit) {
  // Each tiny body declares the per-function maximum; the sum passes the module limit.
  const uint32_t n = static_cast<uint32_t>(kMaxModuleLocals / kMaxLocals + 1);
  Bytes funcs = u32(n);
  funcs.insert(funcs.end(), n, 0x00);
  Bytes code = u32(n);
  const Bytes entry = code_entry(vec({cat({u32(kMaxLocals), {kI32}})}), {kEnd});
  for (uint32_t i = 0; i < n; ++i) code.insert(code.end(), entry.begin(), entry.end());
  EXPECT_EQ(decode_error(module(
                {section(1, vec({func_type({}, {})})), section(3, funcs), section(10, code)})),
            "too many locals in the module");
}

TEST(Decoder, HostileVectorCountsFailWithoutAllocating) {
  // 2^32-1 function types announced with three bytes left.
  EXPECT_FALSE(decode_module(module({section(1, cat({u32(0xffffffff), {0x60, 0, 0}}))})).ok());
  // Same for locals groups and br_table-like counts in the element section.
  EXPECT_FALSE(
      decode_module(module({section(9, cat({u32(0xffffffff), {0, 0x41, 0, kEnd}}))})).ok());
}

TEST(Decoder, Limits) {
  auto m = decode_ok(module({section(5, vec({{0x01, 0x02, 0x03}}))}));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->memories.size(), 1u);
  EXPECT_EQ(m->memories[0].limits.min, 2u);
  EXPECT_EQ(m->memories[0].limits.max, 3u);
  EXPECT_EQ(decode_error(module({section(5, vec({{0x02, 0x00}}))})), "malformed limits flags");
  EXPECT_EQ(decode_error(module({section(5, vec({{0x03, 0x00, 0x00}}))})),
            "malformed limits flags");
}

TEST(Decoder, ImportsFillIndexSpaces) {
  const Bytes imports = section(2, vec({cat({name("m"), name("f"), {0x00}, u32(0)}),
                                        cat({name("m"), name("t"), {0x01, 0x6f, 0x00, 0x01}}),
                                        cat({name("m"), name("mem"), {0x02, 0x00, 0x01}}),
                                        cat({name("m"), name("g"), {0x03, kI64, 0x01}})}));
  auto m = decode_ok(module({section(1, vec({func_type({}, {})})), imports}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->num_imported_funcs, 1u);
  EXPECT_EQ(m->num_imported_tables, 1u);
  EXPECT_EQ(m->num_imported_memories, 1u);
  EXPECT_EQ(m->num_imported_globals, 1u);
  EXPECT_EQ(m->tables[0].elem, ValType::ExternRef);
  EXPECT_TRUE(m->global_types[0].is_mutable);
  EXPECT_EQ(m->imports[2].name, "mem");
  EXPECT_EQ(
      decode_error(module({section(2, vec({cat({name("m"), name("g"), {0x03, kI32, 0x02}})}))})),
      "malformed mutability");
  EXPECT_EQ(decode_error(module({section(2, vec({cat({name("m"), name("x"), {0x04, 0x00}})}))})),
            "malformed import kind");
}

TEST(Decoder, ConstantExpressions) {
  // (global i64 (i64.const -2)) (global f32 (f32.const 1.0))
  const Bytes globals =
      section(6, vec({{kI64, 0x00, 0x42, 0x7e, kEnd}, {0x7d, 0x00, 0x43, 0, 0, 0x80, 0x3f, kEnd}}));
  auto m = decode_ok(module({globals}));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->globals.size(), 2u);
  EXPECT_EQ(m->globals[0].init.kind, core::ConstExpr::Kind::I64);
  EXPECT_EQ(static_cast<int64_t>(m->globals[0].init.lo), -2);
  EXPECT_EQ(m->globals[1].init.lo, 0x3f800000u);
  EXPECT_EQ(m->global_types.size(), 2u);
  // Several instructions decode as one extended expression (the validator types it).
  auto ext = decode_ok(module({section(6, vec({{kI32, 0, 0x41, 1, 0x41, 2, 0x6a, kEnd}}))}));
  ASSERT_TRUE(ext);
  EXPECT_EQ(ext->globals[0].init.kind, core::ConstExpr::Kind::Extended);
  ASSERT_EQ(ext->globals[0].init.ops.size(), 3u);
  EXPECT_EQ(ext->globals[0].init.ops[1].lo, 2u);
  EXPECT_EQ(ext->globals[0].init.ops[2].kind, core::ConstExpr::Kind::I32Add);
  // A non-constant instruction, a missing end or no instruction at all are rejected.
  EXPECT_FALSE(decode_module(module({section(6, vec({{kI32, 0, 0x41, 0, 0x20, 0, kEnd}}))})).ok());
  EXPECT_FALSE(decode_module(module({section(6, vec({{kI32, 0, 0x41, 0, 0x41, 0, 0x6a}}))})).ok());
  EXPECT_FALSE(decode_module(module({section(6, vec({{kI32, 0, kEnd}}))})).ok());
  EXPECT_FALSE(decode_module(module({section(6, vec({{kI32, 0, 0x01, kEnd}}))})).ok());
}

TEST(Decoder, ElementSegmentEncodings) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({u32(0)}));
  const Bytes table = section(4, vec({{0x70, 0x00, 0x01}}));
  const Bytes offset{0x41, 0x00, kEnd};
  const Bytes elems =
      section(9, vec({cat({u32(0), offset, vec({u32(0)})}),                  // active, table 0
                      cat({u32(1), {0x00}, vec({u32(0), u32(0)})}),          // passive funcs
                      cat({u32(2), u32(0), offset, {0x00}, vec({u32(0)})}),  // active, explicit
                      cat({u32(3), {0x00}, vec({u32(0)})}),                  // declarative
                      cat({u32(4), offset, vec({{0xd2, 0x00, kEnd}})}),      // active exprs
                      cat({u32(5), {0x6f}, vec({{0xd0, 0x6f, kEnd}})}),      // passive exprs
                      cat({u32(6), u32(0), offset, {0x70}, vec({{0xd0, 0x70, kEnd}})}),
                      cat({u32(7), {0x70}, vec({{0xd2, 0x00, kEnd}})})}));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd})}));
  auto m = decode_ok(module({types, funcs, table, elems, code}));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->elems.size(), 8u);
  const core::SegmentMode modes[] = {core::SegmentMode::Active, core::SegmentMode::Passive,
                                     core::SegmentMode::Active, core::SegmentMode::Declarative,
                                     core::SegmentMode::Active, core::SegmentMode::Passive,
                                     core::SegmentMode::Active, core::SegmentMode::Declarative};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(m->elems[i].mode, modes[i]) << i;
  EXPECT_EQ(m->elems[1].items.size(), 2u);
  EXPECT_EQ(m->elems[1].items[1].kind, core::ConstExpr::Kind::RefFunc);
  EXPECT_EQ(m->elems[5].type, ValType::ExternRef);
  EXPECT_EQ(m->elems[5].items[0].kind, core::ConstExpr::Kind::RefNull);
  EXPECT_EQ(decode_error(module({section(9, vec({cat({u32(8), {0x00}})}))})),
            "malformed elements segment kind");
}

TEST(Decoder, DataSegments) {
  const Bytes mem = section(5, vec({{0x00, 0x01}}));
  const Bytes data =
      section(11, vec({cat({u32(0), {0x41, 0x08, kEnd}, name("hi")}), cat({u32(1), name("xyz")}),
                       cat({u32(2), u32(0), {0x41, 0x00, kEnd}, name("")})}));
  const Bytes b = module({mem, data});
  auto m = decode_ok(b);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->datas.size(), 3u);
  EXPECT_EQ(m->datas[0].mode, core::SegmentMode::Active);
  EXPECT_EQ(m->datas[0].offset.lo, 8u);
  EXPECT_EQ(m->datas[1].mode, core::SegmentMode::Passive);
  ASSERT_EQ(m->datas[1].bytes_size, 3u);
  EXPECT_EQ(
      std::string(b.begin() + m->datas[1].bytes_offset, b.begin() + m->datas[1].bytes_offset + 3),
      "xyz");
  EXPECT_EQ(m->datas[2].bytes_size, 0u);
  EXPECT_FALSE(decode_module(module({mem, section(11, vec({cat({u32(3), name("")})}))})).ok());
}

Bytes name_section(std::initializer_list<Bytes> subsections) {
  Bytes payload = name("name");
  for (const Bytes& s : subsections) payload.insert(payload.end(), s.begin(), s.end());
  return section(0, payload);
}

TEST(Decoder, NameSectionAndFuncName) {
  const Bytes types = section(1, vec({func_type({kI32}, {})}));
  const Bytes funcs = section(3, vec({u32(0), u32(0), u32(0)}));
  const Bytes exports = section(7, vec({cat({name("second"), {0x00}, u32(1)})}));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd}), code_entry({0x00}, {kEnd}),
                                      code_entry({0x00}, {kEnd})}));
  const Bytes names = name_section({
      section(0, name("mod")),
      section(1, vec({cat({u32(0), name("first")})})),
      section(2, vec({cat({u32(0), vec({cat({u32(0), name("arg")})})})})),
  });
  auto m = decode_ok(module({types, funcs, exports, code, names}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->names.module, "mod");
  EXPECT_EQ(m->func_name(0), "first");
  EXPECT_EQ(m->func_name(1), "second");  // from the export
  EXPECT_EQ(m->func_name(2), "");
  EXPECT_EQ(parse_local_names(m->bytes.data(), m->names).at(0).at(0), "arg");
}

// Function names out of order, one index named twice: sorted, the last name winning.
TEST(Decoder, FunctionNamesOutOfOrder) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({u32(0), u32(0), u32(0), u32(0)}));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd}), code_entry({0x00}, {kEnd}),
                                      code_entry({0x00}, {kEnd}), code_entry({0x00}, {kEnd})}));
  const Bytes names =
      name_section({section(1, vec({cat({u32(3), name("d")}), cat({u32(0), name("a")}),
                                    cat({u32(3), name("dd")}), cat({u32(2), name("c")})}))});
  auto m = decode_ok(module({types, funcs, code, names}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->func_name(0), "a");
  EXPECT_EQ(m->func_name(1), "");
  EXPECT_EQ(m->func_name(2), "c");
  EXPECT_EQ(m->func_name(3), "dd");
  EXPECT_EQ(m->names.functions.size(), 3u);
}

TEST(Decoder, MalformedNameSectionIsIgnored) {
  // Function names subsection whose size runs past the section.
  const Bytes bad = name_section({{0x01, 0x20, 0x01, 0x00}});
  auto m = decode_ok(module({bad}));
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->names.functions.empty());
  // Bad UTF-8 in a function name.
  auto m2 = decode_ok(module({name_section({section(1, vec({cat({u32(0), {0x01, 0xff}})}))})}));
  ASSERT_TRUE(m2);
  EXPECT_TRUE(m2->names.functions.empty());
}

TEST(Decoder, CustomSectionNameMustBeUtf8) {
  EXPECT_EQ(decode_error(module({section(0, {0x02, 0xc0, 0x80})})), "malformed UTF-8 encoding");
  EXPECT_FALSE(decode_module(module({section(0, {})})).ok());
}

TEST(Decoder, ExportsAndStart) {
  const Bytes types = section(1, vec({func_type({}, {})}));
  const Bytes funcs = section(3, vec({u32(0)}));
  const Bytes exports = section(7, vec({cat({name("run"), {0x00}, u32(0)})}));
  const Bytes start = section(8, u32(0));
  const Bytes code = section(10, vec({code_entry({0x00}, {kEnd})}));
  auto m = decode_ok(module({types, funcs, exports, start, code}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 0u);
  ASSERT_EQ(m->exports.size(), 1u);
  EXPECT_EQ(m->exports[0].name, "run");
  EXPECT_EQ(m->exports[0].kind, ExternKind::Func);
}

}  // namespace
}  // namespace wasmrun
