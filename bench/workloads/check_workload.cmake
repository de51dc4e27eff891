# ctest script: runs a workload natively and in one wasm tier with the same size argument and
# requires identical standard output (the checksum line and the summary before it).
#   cmake -DNATIVE=... -DRUNNER=... -DTIER=interp|jit|jit-guard -DWASM=... -DSIZE=...
#         [-DEMULATOR=list] -P check_workload.cmake
# EMULATOR (WASMRUN_EMULATOR_ARG: qemu in cross builds, empty natively) runs both target programs.

execute_process(COMMAND ${EMULATOR} ${NATIVE} ${SIZE}
                OUTPUT_VARIABLE native_out ERROR_VARIABLE native_err RESULT_VARIABLE native_rc)
if(NOT native_rc EQUAL 0)
  message(FATAL_ERROR "native build failed (${native_rc}):\n${native_out}${native_err}")
endif()

execute_process(COMMAND ${EMULATOR} ${RUNNER} --tier=${TIER} ${WASM} ${SIZE}
                OUTPUT_VARIABLE wasm_out ERROR_VARIABLE wasm_err RESULT_VARIABLE wasm_rc)
if(wasm_rc EQUAL 77)
  # Matched by the test's SKIP_REGULAR_EXPRESSION.
  message("${wasm_err}")
  return()
endif()
if(NOT wasm_rc EQUAL 0)
  message(FATAL_ERROR "${TIER} run failed (${wasm_rc}):\n${wasm_out}${wasm_err}")
endif()
if(NOT wasm_out STREQUAL native_out)
  message(FATAL_ERROR "output differs\nnative:\n${native_out}\n${TIER}:\n${wasm_out}")
endif()
if(NOT native_out MATCHES "checksum: 0x[0-9a-f]+\n")
  message(FATAL_ERROR "no checksum line in:\n${native_out}")
endif()
message("native and ${TIER} agree:\n${native_out}")
