/* The standard WebAssembly C API under the name hosts written for other engines include:
 * `#include <wasm.h>`. The package puts this folder on the include path (pkg-config and
 * find_package(wasmrun)); the declarations are in wasmrun/wasm.h, which stays includable too. */
#include "wasmrun/wasm.h"
