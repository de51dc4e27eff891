// A tokenizer written as a state machine whose states are functions that tail-call the next
// state once per input byte: the recursion is as deep as the input (a million calls per round),
// so it runs only with tail calls. wasm: clang -mtail-call with musttail emits return_call;
// natively musttail (clang) or GCC's -O2 sibling calls turn them into jumps.
#include "workload.h"

#if defined(__clang__)
#define WL_TAIL __attribute__((musttail))
#else
#define WL_TAIL
#endif

typedef struct {
  uint64_t words, numbers, punct, hash;
} counts;

// Every state has this signature, as musttail requires. The states reach each other through a
// table, so no compiler can merge them into one loop: wasm gets return_call_indirect.
typedef void state_fn(const uint8_t* p, const uint8_t* end, counts* c, uint64_t token);
static state_fn in_space, in_word, in_number;
enum { kSpace, kWord, kNumber, kPunct };
static state_fn* const kStates[] = {in_space, in_word, in_number};

static uint32_t class_of(uint8_t ch) {
  if (ch >= 'a' && ch <= 'z') return kWord;
  if (ch >= '0' && ch <= '9') return kNumber;
  if (ch == ' ' || ch == '\n') return kSpace;
  return kPunct;
}

static void in_space(const uint8_t* p, const uint8_t* end, counts* c, uint64_t token) {
  if (p == end) return;
  uint32_t cls = class_of(*p);
  if (cls == kPunct) {
    c->punct++;
    c->hash = wl_mix(c->hash, *p);
    cls = kSpace;
  }
  token = cls == kWord ? *p : cls == kNumber ? (uint64_t)(*p - '0') : token;
  WL_TAIL return kStates[cls](p + 1, end, c, token);
}

static void in_word(const uint8_t* p, const uint8_t* end, counts* c, uint64_t token) {
  if (p != end && class_of(*p) == kWord) {
    WL_TAIL return in_word(p + 1, end, c, token * 131 + *p);
  }
  c->words++;
  c->hash = wl_mix(c->hash, token);
  WL_TAIL return kStates[kSpace](p, end, c, 0);
}

static void in_number(const uint8_t* p, const uint8_t* end, counts* c, uint64_t token) {
  if (p != end && class_of(*p) == kNumber) {
    WL_TAIL return in_number(p + 1, end, c, token * 10 + (uint64_t)(*p - '0'));
  }
  c->numbers++;
  c->hash = wl_mix(c->hash, token ^ 0x5555);
  WL_TAIL return kStates[kSpace](p, end, c, 0);
}

int main(int argc, char** argv) {
  // Total input in KiB, processed as rounds over a buffer of at most 1 MiB.
  uint32_t total_kib = wl_size_arg(argc, argv, 64 * 1024);
  size_t bytes = 0;
  uint32_t rounds = wl_split_kib(total_kib, 1024, &bytes);
  uint8_t* text = malloc(bytes);
  if (!text) return 1;
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789 ,.;\n";
  counts c = {0, 0, 0, 0};
  wl_rng rng;
  wl_rng_seed(&rng, 42);
  for (uint32_t r = 0; r < rounds; ++r) {
    for (size_t i = 0; i < bytes; ++i) {
      // Mostly letters and digits in runs, so tokens span several states' calls.
      uint32_t x = wl_rng_u32(&rng);
      text[i] = (uint8_t)alphabet[(x >> 8) % (sizeof alphabet - 1)];
    }
    in_space(text, text + bytes, &c, 0);
  }
  free(text);
  printf("tailcall: %" PRIu32 " KiB: %" PRIu64 " words, %" PRIu64 " numbers, %" PRIu64
         " punctuation\n",
         total_kib, c.words, c.numbers, c.punct);
  wl_print_checksum(c.hash);
  return 0;
}
