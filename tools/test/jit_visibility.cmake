# JIT code seen from outside the process through the command-line tool (ctest cli.jit.*):
#   MODE=gdb      gdb stops the program in the host's writev, called from wasm two calls deep;
#                 with --debug-info its backtrace names the wasm functions on the way (and
#                 without it, it does not: the names come from the registration).
#   MODE=perfmap  --profile=perfmap writes /tmp/perf-PID.map with a line per wasm function.
#   MODE=jitdump  --profile=jitdump writes ./jit-PID.dump naming every wasm function.
#
#   cmake -DMODE=... -DWASMRUN=... -DWASM=debug_hello.wasm -DWORK=DIR [-DGDB=...]
#         [-DEMULATOR=LIST] -P jit_visibility.cmake
set(names say_hello greet _start)

if(MODE STREQUAL "gdb")
  foreach(with_names TRUE FALSE)
    set(flag)
    if(with_names)
      set(flag --debug-info)
    endif()
    execute_process(
      COMMAND ${GDB} -batch -nx -ex "set breakpoint pending on" -ex "break writev" -ex run
              -ex bt --args ${WASMRUN} --jit ${flag} ${WASM}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
    set(report "gdb (${flag}) exit status ${rc}\n${out}\n${err}")
    if(NOT out MATCHES "#0 [^\n]*writev")
      message(FATAL_ERROR "gdb did not stop in writev\n${report}")
    endif()
    # Innermost first: the wasm frames in call order below the host's.
    if(with_names AND NOT out MATCHES "in wasm::say_hello [^\n]*\n#[0-9]+ [^\n]* in wasm::greet [^\n]*\n#[0-9]+ [^\n]* in wasm::_start ")
      message(FATAL_ERROR "backtrace without the wasm functions\n${report}")
    endif()
    if(NOT with_names AND out MATCHES "wasm::say_hello")
      message(FATAL_ERROR "wasm names without --debug-info\n${report}")
    endif()
    message("${report}")
  endforeach()
  return()
endif()

# The program runs as the shell's own process (exec), so the shell's $$ is its PID.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(
  COMMAND sh -c "echo $$; exec \"$@\"" sh ${EMULATOR} ${WASMRUN} --jit --profile=${MODE} ${WASM}
  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^([0-9]+)\nhello from wasm\n")
  message(FATAL_ERROR "the program failed (${rc})\n${out}\n${err}")
endif()
string(REGEX MATCH "^[0-9]+" pid "${out}")

if(MODE STREQUAL "perfmap")
  set(map /tmp/perf-${pid}.map)
  if(NOT EXISTS ${map})
    message(FATAL_ERROR "${map} was not written")
  endif()
  file(READ ${map} text)
  file(REMOVE ${map})
  foreach(name ${names})
    if(NOT text MATCHES "(^|\n)[0-9a-f]+ [0-9a-f]+ wasm::${name}\n")
      message(FATAL_ERROR "no line for wasm::${name} in ${map}:\n${text}")
    endif()
  endforeach()
  message("${map}:\n${text}")
elseif(MODE STREQUAL "jitdump")
  set(dump ${WORK}/jit-${pid}.dump)
  if(NOT EXISTS ${dump})
    message(FATAL_ERROR "${dump} was not written")
  endif()
  file(READ ${dump} magic LIMIT 4 HEX)
  if(NOT magic STREQUAL "4454694a")  # "JiTD" written as a little-endian word
    message(FATAL_ERROR "${dump}: not a jitdump file (${magic})")
  endif()
  file(STRINGS ${dump} strings REGEX "wasm::")
  foreach(name ${names})
    if(NOT "${strings}" MATCHES "wasm::${name}(;|$)")
      message(FATAL_ERROR "no record for wasm::${name} in ${dump}: ${strings}")
    endif()
  endforeach()
  message("${dump}: ${strings}")
  file(REMOVE_RECURSE ${WORK})
else()
  message(FATAL_ERROR "MODE must be gdb, perfmap or jitdump")
endif()
