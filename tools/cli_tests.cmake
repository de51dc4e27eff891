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

# cli_expect(NAME [EXIT_CODE n] [STDOUT re] [STDERR re] [other expect_run.cmake settings]
#            COMMAND args...): a test that runs the command (wasmrun first, as the target name)
# and checks status and output.
set(cli_expect_keys EXIT_CODE STDOUT STDERR STDIN_FILE STDIN_IDLE_PIPE STDOUT_TO_HEAD TIME_LIMIT
                    REDIRECT SCRATCH_FILE)
function(cli_expect name)
  cmake_parse_arguments(E "" "${cli_expect_keys}" "COMMAND" ${ARGN})
  set(defs)
  foreach(k ${cli_expect_keys})
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
set(cli_wats trap spin big_memory big_memory64 foreign_import recurse debug_hello deep_backtrace
              segment_out_of_bounds start_trap fuel trap_offsets tail_recurse relaxed_simd)
set(cli_wasms)
foreach(name ${cli_wats})
  set(wasm ${cli_out_dir}/${name}.wasm)
  add_custom_command(OUTPUT ${wasm}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${cli_out_dir}
                     COMMAND ${WAT2WASM} --debug-names --enable-tail-call --enable-relaxed-simd
                             --enable-memory64
                             ${cli_test_dir}/${name}.wat
                             -o ${wasm}
                     DEPENDS ${cli_test_dir}/${name}.wat VERBATIM)
  list(APPEND cli_wasms ${wasm})
endforeach()
# Modules the text assembler must not check: module-level validation errors, whose offsets
# `validate` reports.
foreach(name bad_memory_limit duplicate_export)
  set(wasm ${cli_out_dir}/${name}.wasm)
  add_custom_command(OUTPUT ${wasm}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${cli_out_dir}
                     COMMAND ${WAT2WASM} --no-check ${cli_test_dir}/${name}.wat -o ${wasm}
                     DEPENDS ${cli_test_dir}/${name}.wat VERBATIM)
  list(APPEND cli_wasms ${wasm})
endforeach()
# A million empty functions (4 MB): decoding and compiling it takes seconds, for --timeout.
set(many_funcs ${cli_out_dir}/many_funcs.wasm)
add_custom_command(OUTPUT ${many_funcs}
                   COMMAND ${CMAKE_COMMAND} -DOUT=${cli_out_dir}/many_funcs.wat
                           -P ${cli_test_dir}/many_funcs.cmake
                   COMMAND ${WAT2WASM} ${cli_out_dir}/many_funcs.wat -o ${many_funcs}
                   COMMAND ${CMAKE_COMMAND} -E remove ${cli_out_dir}/many_funcs.wat
                   DEPENDS ${cli_test_dir}/many_funcs.cmake VERBATIM)
list(APPEND cli_wasms ${many_funcs})
add_custom_target(cli-test-wasm ALL DEPENDS ${cli_wasms})

foreach(tier ${wasmrun_cli_tiers})
  cli_expect(cli.${tier}.trap_backtrace EXIT_CODE 134
             STDERR "trap \\(unreachable\\).*innermost.*middle.*_start"
             COMMAND --${tier} ${cli_out_dir}/trap.wasm)
  cli_expect(cli.${tier}.timeout EXIT_CODE 124 STDERR "timeout"
             COMMAND --${tier} --timeout 0.5 ${cli_out_dir}/spin.wasm)
  # Compiling a million functions takes a few hundred milliseconds even in the interpreter on a
  # fast machine: the timeout must be far below that to end the run while it compiles.
  cli_expect(cli.${tier}.timeout_while_compiling EXIT_CODE 124 STDERR "timeout"
             COMMAND --${tier} --timeout 0.02 ${many_funcs})
  # One rule in both tiers: the innermost and the outermost frames, and how many are left out.
  cli_expect(cli.${tier}.backtrace_omits_middle EXIT_CODE 134
             STDERR "call stack exhausted\n  at func\\[1\\] down \\+0x[0-9a-f]+\n(  at func\\[1\\] down \\+0x[0-9a-f]+\n)*  \\.\\.\\. [0-9]+ frames omitted\n(  at func\\[1\\] down \\+0x[0-9a-f]+\n)*  at func\\[0\\] _start \\+0x[0-9a-f]+\n$"
             COMMAND --${tier} ${cli_out_dir}/deep_backtrace.wasm)
  # Each frame with its offset in its function's body: the trapping instruction, then the call.
  cli_expect(cli.${tier}.trap_offsets EXIT_CODE 134
             STDERR "^wasmrun: trap \\(integer divide by zero\\): integer divide by zero\n  at func\\[0\\] divide \\+0x5\n  at func\\[1\\] _start \\+0x3\n$"
             COMMAND --${tier} ${cli_out_dir}/trap_offsets.wasm)
  cli_expect(cli.${tier}.start_function_trap EXIT_CODE 134
             STDERR "trap \\(unreachable\\).*start_trap"
             COMMAND --${tier} ${cli_out_dir}/start_trap.wasm)
  # Fuel: the same count in every tier and bounds mode, and a runaway loop ends with the trap.
  foreach(bounds "" --explicit-bounds-checks)
    set(suffix "")
    if(bounds)
      set(suffix "_explicit")
    endif()
    cli_expect(cli.${tier}.fuel_exactly_enough${suffix} EXIT_CODE 0
               COMMAND --${tier} ${bounds} --fuel 21 ${cli_out_dir}/fuel.wasm)
    cli_expect(cli.${tier}.fuel_one_short${suffix} EXIT_CODE 134
               STDERR "trap \\(out of fuel\\): all fuel consumed\n  at func\\[0\\] f \\+0x1\n  at func\\[1\\] _start \\+0x5\n$"
               COMMAND --${tier} ${bounds} --fuel 20 ${cli_out_dir}/fuel.wasm)
  endforeach()
  cli_expect(cli.${tier}.fuel_runaway_loop EXIT_CODE 134 STDERR "trap \\(out of fuel\\)"
             COMMAND --${tier} --fuel 1000000 ${cli_out_dir}/spin.wasm)
  # WebAssembly 3.0 features: on by default, each switched off by --disable.
  cli_expect(cli.${tier}.tail_recursion EXIT_CODE 0 COMMAND --${tier} ${cli_out_dir}/tail_recurse.wasm)
  cli_expect(cli.${tier}.tail_call_disabled EXIT_CODE 125
             STDERR "tail calls are disabled \\(feature tail-call\\)"
             COMMAND --${tier} --disable=extended-const,tail-call ${cli_out_dir}/tail_recurse.wasm)
  cli_expect(cli.${tier}.relaxed_simd EXIT_CODE 0 COMMAND --${tier} ${cli_out_dir}/relaxed_simd.wasm)
  cli_expect(cli.${tier}.relaxed_simd_disabled EXIT_CODE 125
             STDERR "i32x4\\.relaxed_trunc_f32x4_s is disabled \\(feature relaxed-simd\\)"
             COMMAND --${tier} --disable=relaxed-simd ${cli_out_dir}/relaxed_simd.wasm)
endforeach()
cli_expect(cli.validate_disabled_feature EXIT_CODE 1
           STDOUT "tail_recurse\\.wasm: 0x[0-9a-f]+: tail calls are disabled \\(feature tail-call\\)"
           COMMAND validate --disable tail-call ${cli_out_dir}/tail_recurse.wasm)
cli_expect(cli.unknown_feature EXIT_CODE 125 STDERR "--disable gc: unknown feature gc"
           COMMAND --disable=gc ${cli_out_dir}/tail_recurse.wasm)
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
cli_expect(cli.segment_out_of_bounds EXIT_CODE 125
           STDERR "instantiation error: out of bounds memory access"
           COMMAND ${cli_out_dir}/segment_out_of_bounds.wasm)
cli_expect(cli.no_start EXIT_CODE 125
           STDERR "no exported _start.*exported functions \\(call one with --invoke NAME\\): fib"
           COMMAND ${CMAKE_CURRENT_BINARY_DIR}/demo/fib.wasm)
# Reading a module: regular files only, in one go, within a size limit; - streams stdin.
cli_expect(cli.directory_module EXIT_CODE 125 STDERR "test: is a directory"
           COMMAND ${cli_test_dir})
cli_expect(cli.validate_directory EXIT_CODE 125
           STDOUT "^[^\n]*trap\\.wasm: ok\n[^\n]*test: error: is a directory[^\n]*\n[^\n]*spin\\.wasm: ok\n$"
           COMMAND validate ${cli_out_dir}/trap.wasm ${cli_test_dir} ${cli_out_dir}/spin.wasm)
cli_expect(cli.validate_invalid EXIT_CODE 1 STDOUT "hello\\.txt: 0x0: magic header not detected"
           COMMAND validate ${cli_out_dir}/trap.wasm ${cli_test_dir}/hello.txt)
cli_expect(cli.device_module EXIT_CODE 125 STDERR "/dev/zero: not a regular file" TIME_LIMIT 20
           COMMAND /dev/zero)
cli_expect(cli.stdin_module EXIT_CODE 0 STDOUT "^55\n$"
           STDIN_FILE ${CMAKE_CURRENT_BINARY_DIR}/demo/fib.wasm COMMAND --invoke fib - 10)
cli_expect(cli.stdin_module_limit EXIT_CODE 125 STDERR "above the limit of 1048576 bytes"
           STDIN_FILE /dev/zero TIME_LIMIT 20 COMMAND --max-module-size 1 -)
cli_expect(cli.module_size_limit EXIT_CODE 125 STDERR "module is 4000029 bytes, above the limit"
           COMMAND --max-module-size 1 ${many_funcs})
cli_expect(cli.validate_size_limit EXIT_CODE 125 STDOUT "above the limit of 2097152 bytes"
           COMMAND validate --max-module-size 2 ${many_funcs})
# Module-level validation errors name the offending entry's offset, not 0x0.
cli_expect(cli.validate_memory_limit_offset EXIT_CODE 1
           STDOUT "bad_memory_limit\\.wasm: 0xb: memory size must be at most"
           COMMAND validate ${cli_out_dir}/bad_memory_limit.wasm)
cli_expect(cli.validate_export_offset EXIT_CODE 1
           STDOUT "duplicate_export\\.wasm: 0x19: duplicate export name"
           COMMAND validate ${cli_out_dir}/duplicate_export.wasm)
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
# Past 4 GiB only a 64-bit memory can go.
cli_expect(cli.max_memory64_refused EXIT_CODE 125 STDERR "memory"
           COMMAND --max-memory 65536p ${cli_out_dir}/big_memory64.wasm)
cli_expect(cli.max_memory64_allowed EXIT_CODE 0
           COMMAND --max-memory 4097 ${cli_out_dir}/big_memory64.wasm)
cli_expect(cli.link_error EXIT_CODE 125
           STDERR "link error: unknown import env\\.host_thing"
           COMMAND ${cli_out_dir}/foreign_import.wasm)
cli_expect(cli.missing_file EXIT_CODE 125 STDERR "no-such\\.wasm: cannot open"
           COMMAND ${cli_out_dir}/no-such.wasm)
# README's commands work after the demo command (it builds every program they name).
add_test(NAME cli.readme_commands
         COMMAND ${CMAKE_COMMAND} -DROOT=${WASMRUN_ROOT_INCLUDE} -P ${cli_test_dir}/readme_commands.cmake)
set_tests_properties(cli.readme_commands PROPERTIES LABELS cli)
cli_expect(cli.version EXIT_CODE 0 STDOUT "^wasmrun [0-9]" COMMAND --version)
cli_expect(cli.help EXIT_CODE 0
           STDOUT "--dir.*--env.*--timeout.*Exit status.*validate: 0 when every module is valid, 1 when some is not, 125"
           COMMAND --help)
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
  # Hostile surroundings: a blocked read, a reader that goes away, closed descriptors.
  cli_expect(cli.${tier}.timeout_while_reading EXIT_CODE 124 STDERR "timeout" STDIN_IDLE_PIPE ON
             TIME_LIMIT 15 COMMAND --${tier} --timeout 0.5 ${probe} read-stdin)
  cli_expect(cli.${tier}.broken_pipe EXIT_CODE 32 STDERR "write: Broken pipe" STDOUT_TO_HEAD ON
             COMMAND --${tier} ${probe} spew)
  cli_expect(cli.${tier}.args_with_dashes EXIT_CODE 0 STDOUT "^-x\n--env\n--help\n--\nplain\n$"
             COMMAND --${tier} ${probe} args -x --env --help -- plain)
  # Ahead-of-time compilation: `compile -o` writes a compiled module that runs without
  # compiling again, with the same flags; other flags are refused with the reason.
  set(cwasm ${cli_out_dir}/cli_probe.${tier}.cwasm)
  cli_expect(cli.${tier}.compile EXIT_CODE 0 COMMAND compile --${tier} -o ${cwasm} ${probe})
  set_tests_properties(cli.${tier}.compile PROPERTIES FIXTURES_SETUP cwasm_${tier})
  cli_expect(cli.${tier}.run_cwasm EXIT_CODE 0 STDOUT "^-x\nplain\n$"
             COMMAND --${tier} ${cwasm} args -x plain)
  cli_expect(cli.${tier}.run_cwasm_exit_code EXIT_CODE 42 COMMAND --${tier} ${cwasm} exit 42)
  set_tests_properties(cli.${tier}.run_cwasm cli.${tier}.run_cwasm_exit_code
                       PROPERTIES FIXTURES_REQUIRED cwasm_${tier})
  if(tier STREQUAL "jit")
    cli_expect(cli.jit.cwasm_other_bounds EXIT_CODE 125
               STDERR "cannot load compiled module: compiled with tier=jit bounds=guard-pages"
               COMMAND --jit --explicit-bounds-checks ${cwasm} exit 0)
    cli_expect(cli.jit.cwasm_other_tier EXIT_CODE 125
               STDERR "cannot load compiled module: compiled for the JIT"
               COMMAND --interp ${cwasm} exit 0)
    set_tests_properties(cli.jit.cwasm_other_bounds cli.jit.cwasm_other_tier
                         PROPERTIES FIXTURES_REQUIRED cwasm_jit)
  endif()
endforeach()
cli_expect(cli.exit_code_zero EXIT_CODE 0 COMMAND ${probe} exit 0)
cli_expect(cli.closed_stdout EXIT_CODE 0 STDERR "write: Bad file descriptor"
           REDIRECT ">&- 0<>'${cli_out_dir}/closed_stdout.txt'"
           SCRATCH_FILE ${cli_out_dir}/closed_stdout.txt COMMAND ${probe} write-stdout)
cli_expect(cli.closed_stdin EXIT_CODE 0 STDOUT "^read: Bad file descriptor\n$" REDIRECT "<&-"
           COMMAND ${probe} read-stdin)
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
