/* wasmrun's C extensions as `#include <wasmrun.h>`, beside <wasm.h> (see wasm.h in this folder);
 * the declarations are in wasmrun/wasmrun.h. */
#include "wasmrun/wasmrun.h"
