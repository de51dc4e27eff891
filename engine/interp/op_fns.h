// One callable wrapper per op of opcodes.def around the function of the same name in engine/ops.
// The call is a dependent, SFINAE-friendly expression, so an op that engine/ops does not (yet)
// implement, or that is translated by hand, simply has no viable `call` instead of breaking the
// build; generic_handlers.h asks which ones do.
#pragma once

#include <utility>

#include "engine/ops/ops.h"

namespace wasmrun::interp::opfn {

using namespace ::wasmrun::ops;

#define WASM_OP(Name, prefix, code, Imm, n, sig, text)       \
  struct Name##Fn {                                          \
    template <class... A>                                    \
    [[gnu::always_inline]] static inline auto call(A&&... a) \
        -> decltype(Name(std::forward<A>(a)...)) {           \
      return Name(std::forward<A>(a)...);                    \
    }                                                        \
  };
#include "engine/core/opcodes.def"

}  // namespace wasmrun::interp::opfn
