# Runs wasi_conformance.wasm under the CLI in a fresh directory: WORK/sandbox is preopened as
# /sandbox, WORK/outside.txt lies just outside it and WORK/sandbox/escape links to it. Fails
# when the program reports a failure or anything outside the sandbox changed.
#
#   cmake -DWASMRUN=path -DWASM=path -DTIER=--interp|--jit -DWORK=dir [-DEMULATOR=...]
#         -P run_conformance.cmake
foreach(v WASMRUN WASM TIER WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_conformance.cmake: ${v} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/sandbox")
file(WRITE "${WORK}/outside.txt" "secret\n")
file(CREATE_LINK "../outside.txt" "${WORK}/sandbox/escape" SYMBOLIC)

execute_process(
  COMMAND ${EMULATOR} "${WASMRUN}" ${TIER} --dir "${WORK}/sandbox::/sandbox" --env K=V
          "${WASM}" -a --b "c d"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wasi_conformance exited with ${rc}")
endif()
if(NOT out MATCHES "\n0 failures\n")
  message(FATAL_ERROR "wasi_conformance did not finish")
endif()
file(READ "${WORK}/outside.txt" outside)
if(NOT outside STREQUAL "secret\n")
  message(FATAL_ERROR "the file outside the sandbox changed")
endif()
file(GLOB around RELATIVE "${WORK}" "${WORK}/*")
list(SORT around)
if(NOT around STREQUAL "outside.txt;sandbox")
  message(FATAL_ERROR "something was created outside the sandbox: ${around}")
endif()
file(REMOVE_RECURSE "${WORK}")
