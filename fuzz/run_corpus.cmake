# ctest driver: builds the seed corpus if needed, then replays it (with mutations) through the
# fuzz target. Variables: WAST2JSON, TESTSUITE_DIR, OUT_DIR, DRIVER, EMULATOR (a list, empty
# in native builds).
include("${CMAKE_CURRENT_LIST_DIR}/make_corpus.cmake")
execute_process(COMMAND ${EMULATOR} "${DRIVER}" --mutate "${OUT_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz target failed on the corpus (exit ${rc})")
endif()
