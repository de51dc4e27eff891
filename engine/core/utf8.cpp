#include "engine/core/utf8.h"

namespace wasmrun {

bool is_valid_utf8(const uint8_t* data, size_t size) {
  size_t i = 0;
  while (i < size) {
    uint8_t b = data[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    uint32_t min;
    if ((b & 0xe0) == 0xc0) {
      len = 2, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      len = 3, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      len = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;  // a continuation byte first, or 0xf8..0xff
    }
    if (size - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      uint8_t c = data[i + k];
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min) return false;                      // overlong
    if (cp >= 0xd800 && cp <= 0xdfff) return false;  // surrogate
    if (cp > 0x10ffff) return false;
    i += len;
  }
  return true;
}

}  // namespace wasmrun
