# ctest driver: converts one .wast with wast2json into OUT_DIR, then runs the checker on it.
# Variables: WAST2JSON, WAST, OUT_DIR, CHECKER, EMULATOR (a list, empty in native builds).
get_filename_component(name "${WAST}" NAME_WE)
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(COMMAND "${WAST2JSON}" "${WAST}" -o "${OUT_DIR}/${name}.json"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wast2json failed on ${WAST}:\n${out}")
endif()
execute_process(COMMAND ${EMULATOR} "${CHECKER}" "${OUT_DIR}/${name}.json" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "suite_validation failed for ${name}")
endif()
