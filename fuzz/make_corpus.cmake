# Converts every top-level .wast of the testsuite with wast2json into OUT_DIR/<name>/, giving a
# seed corpus of .wasm files. Variables: WAST2JSON, TESTSUITE_DIR, OUT_DIR.
file(GLOB wasts "${TESTSUITE_DIR}/*.wast")
if(NOT wasts)
  message(FATAL_ERROR "no .wast files in ${TESTSUITE_DIR}")
endif()
foreach(wast ${wasts})
  get_filename_component(name "${wast}" NAME_WE)
  if(NOT EXISTS "${OUT_DIR}/${name}/${name}.json")
    file(MAKE_DIRECTORY "${OUT_DIR}/${name}")
    execute_process(COMMAND "${WAST2JSON}" "${wast}" -o "${OUT_DIR}/${name}/${name}.json"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "wast2json failed on ${wast}: ${err}")
    endif()
  endif()
endforeach()
