# ctest script: runs PROGRAM with ARGS (under EMULATOR when cross-built), shows its output, and
# fails unless it exits 0, its output matches every regular expression in EXPECT and contains
# none of the texts in REFUSE.
#   cmake -DPROGRAM=... "-DARGS=a;b" "-DEXPECT=re1;re2" "-DREFUSE=text" [-DEMULATOR=list]
#         -P run_checked.cmake
execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# The totals and the model's statistics; everything when it fails.
string(REGEX MATCHALL "\n[0-9]+ passed[^\n]*|apple-jit-model:[^\n]*" summary "\n${out}${err}")
string(REPLACE ";" "\n" summary "${summary}")
message("${summary}")
if(NOT rc EQUAL 0)
  message("${out}${err}")
  message(FATAL_ERROR "${PROGRAM} failed (${rc})")
endif()
foreach(re ${EXPECT})
  if(NOT "${out}${err}" MATCHES "${re}")
    message("${out}${err}")
    message(FATAL_ERROR "expected output matching '${re}'")
  endif()
endforeach()
foreach(text ${REFUSE})
  string(FIND "${out}${err}" "${text}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "unexpected '${text}' in the output")
  endif()
endforeach()
