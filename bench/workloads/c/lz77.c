// LZ77 compression with hash chains and the matching decompressor, round-tripped over
// generated text: byte compares and hashing on the way in; bulk copies and fills (memcpy,
// memset, which become memory.copy and memory.fill with bulk memory) on the way out.
#include "workload.h"

enum {
  kWindow = 1 << 15,
  kHashBits = 15,
  kMinMatch = 4,
  kMaxMatch = 273,
  kMaxChain = 16,
};

static inline uint32_t hash4(const uint8_t* p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (v * 2654435761u) >> (32 - kHashBits);
}

static uint8_t* put_varint(uint8_t* out, uint32_t v) {
  while (v >= 0x80) {
    *out++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *out++ = (uint8_t)v;
  return out;
}

static const uint8_t* get_varint(const uint8_t* in, uint32_t* v) {
  uint32_t r = 0;
  for (unsigned shift = 0;; shift += 7) {
    uint8_t b = *in++;
    r |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  *v = r;
  return in;
}

// The stream is a list of sequences: literal count, literals, match length, and (when the
// length is not zero) the distance back. The last sequence has match length zero.
static size_t compress(const uint8_t* in, size_t n, uint8_t* out, uint32_t* head, uint32_t* prev) {
  // Positions are stored plus one so that zero means "no entry".
  memset(head, 0, sizeof(uint32_t) << kHashBits);
  uint8_t* o = out;
  size_t lit_start = 0, i = 0;
  while (i + kMinMatch <= n) {
    uint32_t h = hash4(in + i);
    size_t best_len = 0, best_dist = 0;
    uint32_t cand = head[h];
    size_t max_len = n - i < kMaxMatch ? n - i : kMaxMatch;
    for (int depth = 0; cand != 0 && depth < kMaxChain; ++depth) {
      size_t pos = cand - 1;
      if (i - pos > kWindow) break;
      if (in[pos + best_len] == in[i + best_len]) {
        size_t len = 0;
        while (len < max_len && in[pos + len] == in[i + len]) ++len;
        if (len > best_len) {
          best_len = len;
          best_dist = i - pos;
          if (len == max_len) break;
        }
      }
      cand = prev[pos & (kWindow - 1)];
    }
    prev[i & (kWindow - 1)] = head[h];
    head[h] = (uint32_t)(i + 1);
    if (best_len < kMinMatch) {
      ++i;
      continue;
    }
    o = put_varint(o, (uint32_t)(i - lit_start));
    memcpy(o, in + lit_start, i - lit_start);
    o += i - lit_start;
    o = put_varint(o, (uint32_t)best_len);
    o = put_varint(o, (uint32_t)best_dist);
    // Index the positions inside the match too, so later data can refer to them.
    size_t end = i + best_len;
    for (++i; i < end && i + kMinMatch <= n; ++i) {
      uint32_t hi = hash4(in + i);
      prev[i & (kWindow - 1)] = head[hi];
      head[hi] = (uint32_t)(i + 1);
    }
    i = end;
    lit_start = i;
  }
  o = put_varint(o, (uint32_t)(n - lit_start));
  memcpy(o, in + lit_start, n - lit_start);
  o += n - lit_start;
  o = put_varint(o, 0);
  return (size_t)(o - out);
}

static size_t decompress(const uint8_t* in, size_t in_len, uint8_t* out) {
  const uint8_t* p = in;
  const uint8_t* end = in + in_len;
  uint8_t* o = out;
  while (p < end) {
    uint32_t lits, len, dist;
    p = get_varint(p, &lits);
    memcpy(o, p, lits);
    p += lits;
    o += lits;
    p = get_varint(p, &len);
    if (len == 0) break;
    p = get_varint(p, &dist);
    const uint8_t* src = o - dist;
    if (dist >= len) {
      memcpy(o, src, len);
    } else if (dist == 1) {
      memset(o, *src, len);
    } else {
      // Overlapping copy: each byte may be one this copy just wrote.
      for (uint32_t k = 0; k < len; ++k) o[k] = src[k];
    }
    o += len;
  }
  return (size_t)(o - out);
}

// Text-like data: words from a small generated vocabulary, with runs of one byte and
// stretches of noise.
static void generate(uint8_t* buf, size_t n, wl_rng* rng) {
  char words[64][12];
  for (int w = 0; w < 64; ++w) {
    int len = 2 + (int)(wl_rng_u32(rng) % 9);
    for (int k = 0; k < len; ++k) words[w][k] = (char)('a' + wl_rng_u32(rng) % 26);
    words[w][len] = '\0';
  }
  size_t i = 0;
  while (i < n) {
    uint32_t r = wl_rng_u32(rng);
    size_t room = n - i;
    if (r % 50 == 0) {
      size_t run = 8 + r % 120;
      if (run > room) run = room;
      memset(buf + i, '-', run);
      i += run;
    } else if (r % 50 == 1) {
      size_t noise = 4 + r % 30;
      if (noise > room) noise = room;
      for (size_t k = 0; k < noise; ++k) buf[i + k] = (uint8_t)wl_rng_u32(rng);
      i += noise;
    } else {
      const char* w = words[(r >> 8) % 64];
      size_t len = strlen(w);
      if (len >= room) len = room - 1;  // leave room for the separator
      memcpy(buf + i, w, len);
      i += len;
      if (i < n) buf[i++] = (r >> 20) % 8 == 0 ? '\n' : ' ';
    }
  }
}

int main(int argc, char** argv) {
  size_t n;
  uint32_t rounds = wl_split_kib(wl_size_arg(argc, argv, 8 * 1024), 1024, &n);
  const size_t cap = n + n / 64 + 64;  // worst case: all literals plus varints
  uint8_t* data = malloc(n);
  uint8_t* packed = malloc(cap);
  uint8_t* unpacked = malloc(n);
  uint32_t* head = malloc(sizeof(uint32_t) << kHashBits);
  uint32_t* prev = malloc(sizeof(uint32_t) * kWindow);
  if (!data || !packed || !unpacked || !head || !prev) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 0x1277);
  generate(data, n, &rng);
  uint64_t h = 0;
  size_t total_packed = 0;
  for (uint32_t r = 0; r < rounds; ++r) {
    memset(packed, 0, cap);
    memset(unpacked, 0, n);
    size_t packed_len = compress(data, n, packed, head, prev);
    size_t unpacked_len = decompress(packed, packed_len, unpacked);
    if (unpacked_len != n || memcmp(unpacked, data, n) != 0) {
      printf("round trip failed in round %" PRIu32 "\n", r);
      return 1;
    }
    total_packed += packed_len;
    for (size_t k = 0; k < packed_len; k += 61) h = wl_mix(h, packed[k]);
    h = wl_mix(h, packed_len);
    // Change the input a little so every round compresses different data.
    data[(r * 7919u) % n] ^= 0x20;
  }
  printf("lz77: %" PRIu32 " rounds of %zu bytes, %zu bytes packed in total\n", rounds, n,
         total_packed);
  wl_print_checksum(h);
  free(data);
  free(packed);
  free(unpacked);
  free(head);
  free(prev);
  return 0;
}
