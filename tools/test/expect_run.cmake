# Runs a command and checks its exit status and output; for CLI tests that need more than
# ctest's pass/fail regular expressions (an exact non-zero status, stdout and stderr apart).
#
#   cmake [-DEXIT_CODE=N] [-DSTDOUT=REGEX] [-DSTDERR=REGEX] [-DEMULATOR=LIST] -P expect_run.cmake
#         -- CMD ARGS...
# EMULATOR (qemu in cross builds, empty natively) is put in front of CMD. Where the command's
# surroundings matter:
#   -DSTDIN_FILE=PATH     standard input from PATH
#   -DSTDIN_IDLE_PIPE=ON  standard input is a pipe that stays open and empty for 30 s
#   -DSTDOUT_TO_HEAD=ON   standard output goes to `head -c1`, which then exits
#   -DTIME_LIMIT=S        the command must end within S seconds (a hang check, generous)
#   -DREDIRECT=TEXT       run through `sh -c 'exec CMD... TEXT'` (to close descriptors)
#   -DSCRATCH_FILE=PATH   written as "original\n" first; must still hold exactly that after
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

set(cmd ${EMULATOR} ${cmd})
if(DEFINED REDIRECT)
  set(cmd sh -c "exec \"$@\" ${REDIRECT}" sh ${cmd})
endif()
if(DEFINED SCRATCH_FILE)
  file(WRITE "${SCRATCH_FILE}" "original\n")
endif()
set(extra)
if(DEFINED STDIN_FILE)
  list(APPEND extra INPUT_FILE "${STDIN_FILE}")
endif()
if(DEFINED TIME_LIMIT)
  list(APPEND extra TIMEOUT ${TIME_LIMIT})
endif()
# The command's place in a pipeline, for its status in RESULTS_VARIABLE.
set(index 0)
set(before)
set(after)
if(STDIN_IDLE_PIPE)
  # The shell leaves a sleeping child holding the pipe's write end and exits at once, so the
  # pipeline does not wait for the sleep.
  set(before COMMAND sh -c "sleep 30 </dev/null 2>/dev/null &")
  set(index 1)
endif()
if(STDOUT_TO_HEAD)
  set(after COMMAND head -c1)
endif()
execute_process(${before} COMMAND ${cmd} ${after} RESULTS_VARIABLE rcs RESULT_VARIABLE overall
                OUTPUT_VARIABLE out ERROR_VARIABLE err ${extra})
list(LENGTH rcs n)
if(n GREATER index)
  list(GET rcs ${index} rc)
else()
  set(rc "${overall}")
endif()
set(report "command: ${cmd}\nexit status: ${rc} (pipeline: ${overall})\nstdout:\n${out}\nstderr:\n${err}")
if(DEFINED EXIT_CODE AND NOT "${rc}" STREQUAL "${EXIT_CODE}")
  message(FATAL_ERROR "expected exit status ${EXIT_CODE}\n${report}")
endif()
if(DEFINED STDOUT AND NOT "${out}" MATCHES "${STDOUT}")
  message(FATAL_ERROR "stdout does not match '${STDOUT}'\n${report}")
endif()
if(DEFINED STDERR AND NOT "${err}" MATCHES "${STDERR}")
  message(FATAL_ERROR "stderr does not match '${STDERR}'\n${report}")
endif()
if(DEFINED SCRATCH_FILE)
  file(READ "${SCRATCH_FILE}" scratch)
  if(NOT scratch STREQUAL "original\n")
    message(FATAL_ERROR "${SCRATCH_FILE} was written to: '${scratch}'\n${report}")
  endif()
endif()
message("${report}")
