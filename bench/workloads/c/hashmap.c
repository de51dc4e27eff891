// An open-addressing hash map (linear probing, backward-shift deletion) from 64-bit keys to
// 64-bit values: inserts, hits, misses and deletes with cache-unfriendly random probes.
#include "workload.h"

typedef struct {
  uint64_t* keys;  // 0 marks an empty slot; keys are never 0
  uint64_t* values;
  uint32_t mask;
  uint32_t count;
} map;

static inline uint32_t slot_of(const map* m, uint64_t key) {
  uint64_t h = key * 0x9e3779b97f4a7c15u;
  return (uint32_t)(h >> 32) & m->mask;
}

static int map_init(map* m, uint32_t capacity_log2) {
  uint32_t cap = 1u << capacity_log2;
  m->keys = calloc(cap, sizeof(uint64_t));
  m->values = malloc(cap * sizeof(uint64_t));
  m->mask = cap - 1;
  m->count = 0;
  return m->keys && m->values;
}

// Returns 1 when the key was new.
static int map_put(map* m, uint64_t key, uint64_t value) {
  uint32_t s = slot_of(m, key);
  while (m->keys[s] != 0) {
    if (m->keys[s] == key) {
      m->values[s] = value;
      return 0;
    }
    s = (s + 1) & m->mask;
  }
  m->keys[s] = key;
  m->values[s] = value;
  ++m->count;
  return 1;
}

static const uint64_t* map_get(const map* m, uint64_t key) {
  for (uint32_t s = slot_of(m, key); m->keys[s] != 0; s = (s + 1) & m->mask) {
    if (m->keys[s] == key) return &m->values[s];
  }
  return NULL;
}

// Removes the key and shifts later members of its probe run back, so no tombstones are needed.
static int map_remove(map* m, uint64_t key) {
  uint32_t s = slot_of(m, key);
  while (m->keys[s] != key) {
    if (m->keys[s] == 0) return 0;
    s = (s + 1) & m->mask;
  }
  uint32_t hole = s;
  for (uint32_t next = (hole + 1) & m->mask; m->keys[next] != 0; next = (next + 1) & m->mask) {
    uint32_t home = slot_of(m, m->keys[next]);
    // The entry may fill the hole only if its home slot is not inside (hole, next].
    if (((next - home) & m->mask) >= ((next - hole) & m->mask)) {
      m->keys[hole] = m->keys[next];
      m->values[hole] = m->values[next];
      hole = next;
    }
  }
  m->keys[hole] = 0;
  --m->count;
  return 1;
}

static uint64_t key_for(uint64_t i) { return wl_mix(0x1234, i) | 1; }

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 600000);
  uint32_t log2 = 4;
  while ((1u << log2) < 2 * n) ++log2;  // load factor at most one half
  map m;
  if (!map_init(&m, log2)) return 1;
  uint64_t h = n;
  for (uint32_t i = 0; i < n; ++i) map_put(&m, key_for(i), i);
  // Lookups: even i are present, odd i (offset past n) are misses.
  uint64_t found = 0, sum = 0;
  for (uint32_t round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < n; ++i) {
      uint64_t key = key_for((i & 1) ? (uint64_t)n + i : i);
      const uint64_t* v = map_get(&m, key);
      if (v) {
        ++found;
        sum += *v;
      }
    }
  }
  h = wl_mix(wl_mix(h, found), sum);
  uint32_t removed = 0;
  for (uint32_t i = 0; i < n; i += 3) removed += (uint32_t)map_remove(&m, key_for(i));
  found = 0;
  sum = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t* v = map_get(&m, key_for(i));
    if (v) {
      ++found;
      sum += *v * 3;
    }
  }
  // Reinsert what was removed with new values; the table ends full again.
  for (uint32_t i = 0; i < n; i += 3) map_put(&m, key_for(i), (uint64_t)i * 7);
  h = wl_mix(wl_mix(wl_mix(h, found), sum), removed);
  uint64_t walk = 0;
  for (uint32_t s = 0; s <= m.mask; ++s) {
    if (m.keys[s]) walk = wl_mix(walk, m.keys[s] ^ m.values[s]);
  }
  h = wl_mix(h, walk);
  printf("hash map: %" PRIu32 " keys, %" PRIu32 " removed, %" PRIu64 " found after, count %" PRIu32
         "\n",
         n, removed, found, m.count);
  wl_print_checksum(h);
  free(m.keys);
  free(m.values);
  return 0;
}
