# Runs a command and checks its exit status and output; for CLI tests that need more than
# ctest's pass/fail regular expressions (an exact non-zero status, stdout and stderr apart).
#
#   cmake [-DEXIT_CODE=N] [-DSTDOUT=REGEX] [-DSTDERR=REGEX] [-DEMULATOR=LIST] -P expect_run.cmake
#         -- CMD ARGS...
# EMULATOR (qemu in cross builds, empty natively) is put in front of CMD.
set(cmd)
set(seen_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(seen_separator)
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(seen_separator TRUE)
  endif()
endforeach()
if(NOT cmd)
  message(FATAL_ERROR "expect_run.cmake: no command after --")
endif()

execute_process(COMMAND ${EMULATOR} ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(report "command: ${cmd}\nexit status: ${rc}\nstdout:\n${out}\nstderr:\n${err}")
if(DEFINED EXIT_CODE AND NOT "${rc}" STREQUAL "${EXIT_CODE}")
  message(FATAL_ERROR "expected exit status ${EXIT_CODE}\n${report}")
endif()
if(DEFINED STDOUT AND NOT "${out}" MATCHES "${STDOUT}")
  message(FATAL_ERROR "stdout does not match '${STDOUT}'\n${report}")
endif()
if(DEFINED STDERR AND NOT "${err}" MATCHES "${STDERR}")
  message(FATAL_ERROR "stderr does not match '${STDERR}'\n${report}")
endif()
message("${report}")
