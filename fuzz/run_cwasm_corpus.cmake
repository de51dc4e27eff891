# ctest driver of the compiled-module loader's fuzz target: compiles each of INPUTS (wasm
# modules) with WASMRUN into OUT_DIR for the interpreter, the JIT and the JIT with explicit
# bounds checks, then replays them (with every truncation and a flipped bit at every byte)
# through the fuzz target. Variables: WASMRUN, INPUTS, OUT_DIR, DRIVER, EMULATOR (a list, empty
# in native builds).
file(MAKE_DIRECTORY "${OUT_DIR}")
foreach(wasm ${INPUTS})
  get_filename_component(name "${wasm}" NAME_WE)
  foreach(flags "--interp" "--jit" "--jit;--explicit-bounds-checks")
    string(REPLACE ";" "" tag "${flags}")
    execute_process(COMMAND ${EMULATOR} "${WASMRUN}" compile ${flags}
                            -o "${OUT_DIR}/${name}${tag}.cwasm" "${wasm}"
                    RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "compiling ${wasm} (${flags}) failed: ${err}")
    endif()
  endforeach()
endforeach()
execute_process(COMMAND ${EMULATOR} "${DRIVER}" --mutate "${OUT_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz target failed on the corpus (exit ${rc})")
endif()
