# ctest entries (label cli) for running programs: WASI commands compiled from C with clang's
# wasm32-wasi target, and small modules assembled from text. Included from tools/CMakeLists.txt.

# The tiers a run test repeats in: the JIT where it has a back end (x64 and arm64).
set(wasmrun_cli_tiers interp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|aarch64|arm64")
  list(APPEND wasmrun_cli_tiers jit)
endif()
set(cli_test_dir ${CMAKE_CURRENT_SOURCE_DIR}/test)
set(cli_out_dir ${CMAKE_CURRENT_BINARY_DIR}/test)
set(expect_run ${CMAKE_COMMAND} -P ${cli_test_dir}/expect_run.cmake)

# cli_expect(NAME [EXIT_CODE n] [STDOUT re] [STDERR re] COMMAND args...): a test that runs the
# command (wasmrun first, as the target name) and checks status and output.
function(cli_expect name)
  cmake_parse_arguments(E "" "EXIT_CODE;STDOUT;STDERR" "COMMAND" ${ARGN})
  set(defs)
  foreach(k EXIT_CODE STDOUT STDERR)
    if(DEFINED E_${k})
      list(APPEND defs "-D${k}=${E_${k}}")
    endif()
  endforeach()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} ${defs} "${WASMRUN_EMULATOR_ARG}" -P ${cli_test_dir}/expect_run.cmake
                   -- $<TARGET_FILE:wasmrun-cli> ${E_COMMAND})
  set_tests_properties(${name} PROPERTIES LABELS cli TIMEOUT 60)
endfunction()

# --- modules from text -------------------------------------------------------------------------
set(cli_wats trap spin big_memory foreign_import recurse debug_hello)
set(cli_wasms)
foreach(name ${cli_wats})
  set(wasm ${cli_out_dir}/${name}.wasm)
  add_custom_command(OUTPUT ${wasm}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${cli_out_dir}
                     COMMAND ${WAT2WASM} --debug-names ${cli_test_dir}/${name}.wat -o ${wasm}
                     DEPENDS ${cli_test_dir}/${name}.wat VERBATIM)
  list(APPEND cli_wasms ${wasm})
endforeach()
add_custom_target(cli-test-wasm ALL DEPENDS ${cli_wasms})

foreach(tier ${wasmrun_cli_tiers})
  cli_expect(cli.${tier}.trap_backtrace EXIT_CODE 134
             STDERR "trap \\(unreachable\\).*innermost.*middle.*_start"
             COMMAND --${tier} ${cli_out_dir}/trap.wasm)
  cli_expect(cli.${tier}.timeout EXIT_CODE 124 STDERR "timeout"
             COMMAND --${tier} --timeout 0.5 ${cli_out_dir}/spin.wasm)
endforeach()
# JIT code seen by perf and gdb (tools/test/jit_visibility.cmake).
if("jit" IN_LIST wasmrun_cli_tiers)
  foreach(mode perfmap jitdump)
    add_test(NAME cli.jit.profile_${mode}
             COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DWASMRUN=$<TARGET_FILE:wasmrun-cli>
                     -DWASM=${cli_out_dir}/debug_hello.wasm
                     -DWORK=${CMAKE_CURRENT_BINARY_DIR}/profile-${mode} "${WASMRUN_EMULATOR_ARG}"
                     -P ${cli_test_dir}/jit_visibility.cmake)
    set_tests_properties(cli.jit.profile_${mode} PROPERTIES LABELS cli TIMEOUT 60)
  endforeach()
  find_program(WASMRUN_GDB gdb)
  if(CMAKE_CROSSCOMPILING)
    message(STATUS "cli.jit.gdb_backtrace: not registered in a cross build (gdb would debug the "
                   "emulator, not the program)")
  elseif(NOT WASMRUN_GDB)
    message(WARNING "gdb not found: cli.jit.gdb_backtrace is not registered")
  else()
    add_test(NAME cli.jit.gdb_backtrace
             COMMAND ${CMAKE_COMMAND} -DMODE=gdb -DGDB=${WASMRUN_GDB}
                     -DWASMRUN=$<TARGET_FILE:wasmrun-cli> -DWASM=${cli_out_dir}/debug_hello.wasm
                     -P ${cli_test_dir}/jit_visibility.cmake)
    set_tests_properties(cli.jit.gdb_backtrace PROPERTIES LABELS cli TIMEOUT 240)
  endif()
endif()
cli_expect(cli.bad_profile EXIT_CODE 125 STDERR "--profile vtune: expected perfmap or jitdump"
           COMMAND --profile=vtune ${cli_out_dir}/trap.wasm)
# Unbounded recursion under small process stacks: the main thread's stack is what `ulimit -s`
# leaves it, and the recursion must still end in a trap, not a crash (the emulator, in cross
# builds, runs inside the limited shell too).
# The emulator goes into the shell's own command text: arguments such as qemu's -L would be
# taken by `cmake -P` as its own options.
list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " cli_emulator_text)
foreach(tier ${wasmrun_cli_tiers})
  foreach(kib 256 512 1024 2048 8192)
    add_test(NAME cli.${tier}.stack_ulimit_${kib}
             COMMAND ${CMAKE_COMMAND} -DEXIT_CODE=134 "-DSTDERR=call stack exhausted"
                     -P ${cli_test_dir}/expect_run.cmake
                     -- /bin/sh -c "ulimit -s ${kib} && exec ${cli_emulator_text} \"$@\"" sh
                        $<TARGET_FILE:wasmrun-cli> --${tier} ${cli_out_dir}/recurse.wasm)
    set_tests_properties(cli.${tier}.stack_ulimit_${kib} PROPERTIES LABELS cli TIMEOUT 60)
  endforeach()
endforeach()
cli_expect(cli.max_memory_refused EXIT_CODE 125 STDERR "memory"
           COMMAND --max-memory 4 ${cli_out_dir}/big_memory.wasm)
cli_expect(cli.max_memory_pages_refused EXIT_CODE 125 STDERR "memory"
           COMMAND --max-memory 99p ${cli_out_dir}/big_memory.wasm)
cli_expect(cli.max_memory_allowed EXIT_CODE 0 COMMAND --max-memory 100p ${cli_out_dir}/big_memory.wasm)
cli_expect(cli.link_error EXIT_CODE 125
           STDERR "link error: unknown import env\\.host_thing"
           COMMAND ${cli_out_dir}/foreign_import.wasm)
cli_expect(cli.missing_file EXIT_CODE 125 STDERR "no-such\\.wasm: cannot open"
           COMMAND ${cli_out_dir}/no-such.wasm)
cli_expect(cli.version EXIT_CODE 0 STDOUT "^wasmrun [0-9]" COMMAND --version)
cli_expect(cli.help EXIT_CODE 0 STDOUT "--dir.*--env.*--timeout.*Exit status" COMMAND --help)
cli_expect(cli.bad_option EXIT_CODE 125 COMMAND --no-such-option ${cli_out_dir}/trap.wasm)

# --- WASI programs in C --------------------------------------------------------------------------
# Built only where clang can target wasm32-wasi with wasi-libc (scripts/setup.sh installs it).
find_program(WASMRUN_WASI_CC NAMES clang clang-14)
set(WASMRUN_WASI_SYSROOT /usr CACHE PATH "wasi-libc sysroot (lib/wasm32-wasi/libc.a inside)")
set(wasi_cc_works FALSE)
if(WASMRUN_WASI_CC AND EXISTS ${WASMRUN_WASI_SYSROOT}/lib/wasm32-wasi/libc.a)
  set(probe_dir ${CMAKE_CURRENT_BINARY_DIR}/wasi-cc-probe)
  file(WRITE ${probe_dir}/probe.c "int main(void) { return 0; }\n")
  execute_process(
    COMMAND ${WASMRUN_WASI_CC} --target=wasm32-wasi --sysroot=${WASMRUN_WASI_SYSROOT} -O2
            ${probe_dir}/probe.c -o ${probe_dir}/probe.wasm
    RESULT_VARIABLE probe_rc OUTPUT_QUIET ERROR_QUIET)
  if(probe_rc EQUAL 0)
    set(wasi_cc_works TRUE)
  endif()
endif()
if(NOT wasi_cc_works)
  message(STATUS "wasmrun: no clang for wasm32-wasi with wasi-libc; WASI program tests skipped")
  return()
endif()

# wasi_program(NAME SOURCE): compiles SOURCE into ${cli_out_dir}/NAME.wasm.
set(wasi_programs)
function(wasi_program name source)
  set(wasm ${cli_out_dir}/${name}.wasm)
  add_custom_command(OUTPUT ${wasm}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${cli_out_dir}
                     COMMAND ${WASMRUN_WASI_CC} --target=wasm32-wasi
                             --sysroot=${WASMRUN_WASI_SYSROOT} -O2 -Wall -Wextra -Werror
                             ${source} -o ${wasm}
                     DEPENDS ${source} VERBATIM)
  set(wasi_programs ${wasi_programs} ${wasm} PARENT_SCOPE)
endfunction()
wasi_program(cli_probe ${cli_test_dir}/cli_probe.c)
wasi_program(wasi_conformance ${WASMRUN_ROOT_INCLUDE}/runtime/wasi/test/wasi_conformance.c)
add_custom_target(wasi-test-programs ALL DEPENDS ${wasi_programs})

set(probe ${cli_out_dir}/cli_probe.wasm)
foreach(tier ${wasmrun_cli_tiers})
  add_test(NAME cli.${tier}.wasi_conformance
           COMMAND ${CMAKE_COMMAND} -DWASMRUN=$<TARGET_FILE:wasmrun-cli>
                   -DWASM=${cli_out_dir}/wasi_conformance.wasm -DTIER=--${tier}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/wasi-conformance-${tier}
                   "${WASMRUN_EMULATOR_ARG}"
                   -P ${WASMRUN_ROOT_INCLUDE}/runtime/wasi/test/run_conformance.cmake)
  set_tests_properties(cli.${tier}.wasi_conformance PROPERTIES LABELS "cli;wasi" TIMEOUT 120)
  cli_expect(cli.${tier}.exit_code EXIT_CODE 42 COMMAND --${tier} ${probe} exit 42)
  cli_expect(cli.${tier}.timeout_while_sleeping EXIT_CODE 124 STDERR "timeout"
             COMMAND --${tier} --timeout 0.5 ${probe} sleep 100)
  cli_expect(cli.${tier}.args_with_dashes EXIT_CODE 0 STDOUT "^-x\n--env\n--help\n--\nplain\n$"
             COMMAND --${tier} ${probe} args -x --env --help -- plain)
endforeach()
cli_expect(cli.exit_code_zero EXIT_CODE 0 COMMAND ${probe} exit 0)
cli_expect(cli.env EXIT_CODE 0 STDOUT "^hello world\n$"
           COMMAND "--env" "GREETING=hello world" --env OTHER=1 ${probe} env GREETING)
cli_expect(cli.env_not_inherited EXIT_CODE 0 STDOUT "^\\(unset\\)\n$" COMMAND ${probe} env PATH)
cli_expect(cli.dir_mapped EXIT_CODE 0 STDOUT "^mapped file contents\n$"
           COMMAND --dir ${cli_test_dir}::/data ${probe} cat /data/hello.txt)
cli_expect(cli.dir_same_path EXIT_CODE 0 STDOUT "^mapped file contents\n$"
           COMMAND --dir ${cli_test_dir} ${probe} cat ${cli_test_dir}/hello.txt)
cli_expect(cli.dir_missing EXIT_CODE 3 STDERR "hello.txt"
           COMMAND ${probe} cat /data/hello.txt)
cli_expect(cli.dir_nonexistent_host EXIT_CODE 125 STDERR "cannot open directory"
           COMMAND --dir ${cli_test_dir}/no-such-dir::/x ${probe} exit 0)
