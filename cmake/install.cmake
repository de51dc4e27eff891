# Installation of wasmrun as a package: headers, the static libraries `wasmrun` depends on, a
# CMake package (find_package(wasmrun) gives wasmrun::wasmrun) and a pkg-config file.
#
# The libraries to install and their link order are read from the build's own link graph of
# `wasmrun`, so a library added to (or dropped from) the engine is packaged without editing
# this file. INTERFACE helpers (warnings, header-only parts) are walked through but never
# packaged: their compile options and source-tree include paths must not reach consumers.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Visits `target` and what it links (privately too: static libraries need their private
# dependencies at the final link). Static libraries are appended in post-order (dependencies
# first) to the global property WASMRUN_PKG_LIBS; imported targets and plain library names to
# WASMRUN_PKG_EXTERNAL.
function(wasmrun_pkg_walk target)
  get_target_property(aliased ${target} ALIASED_TARGET)
  if(aliased)
    set(target ${aliased})
  endif()
  get_property(seen GLOBAL PROPERTY WASMRUN_PKG_SEEN)
  if(target IN_LIST seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY WASMRUN_PKG_SEEN ${target})
  get_target_property(type ${target} TYPE)
  set(deps)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${target} LINK_LIBRARIES)
    if(direct)
      list(APPEND deps ${direct})
    endif()
  endif()
  get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
  if(iface)
    list(APPEND deps ${iface})
  endif()
  foreach(dep IN LISTS deps)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
    if(dep MATCHES "^\\$<")
      message(WARNING "wasmrun package: cannot follow the link item ${dep} of ${target}")
      continue()
    endif()
    if(TARGET ${dep})
      get_target_property(imported ${dep} IMPORTED)
      if(imported)
        set_property(GLOBAL APPEND PROPERTY WASMRUN_PKG_EXTERNAL ${dep})
      else()
        wasmrun_pkg_walk(${dep})
      endif()
    elseif(NOT dep STREQUAL "")
      set_property(GLOBAL APPEND PROPERTY WASMRUN_PKG_EXTERNAL ${dep})
    endif()
  endforeach()
  if(type STREQUAL "STATIC_LIBRARY")
    set_property(GLOBAL APPEND PROPERTY WASMRUN_PKG_LIBS ${target})
  endif()
endfunction()

wasmrun_pkg_walk(wasmrun)
get_property(wasmrun_pkg_libs GLOBAL PROPERTY WASMRUN_PKG_LIBS)
get_property(wasmrun_pkg_external GLOBAL PROPERTY WASMRUN_PKG_EXTERNAL)
list(REVERSE wasmrun_pkg_libs)  # link order: each library before what it needs
# The engine uses threads (interrupts, per-thread state) whether or not a target says so.
list(APPEND wasmrun_pkg_external Threads::Threads)
list(REMOVE_DUPLICATES wasmrun_pkg_external)
list(REMOVE_ITEM wasmrun_pkg_libs wasmrun)
set(wasmrun_pkg_installed wasmrun ${wasmrun_pkg_libs})

# What consumers need beside the libraries, for CMake and for pkg-config.
set(WASMRUN_PKG_FIND_DEPENDENCIES "")
set(WASMRUN_PKG_EXTERNAL_TARGETS "")
set(WASMRUN_PKG_PC_PRIVATE "")
foreach(ext IN LISTS wasmrun_pkg_external)
  if(ext STREQUAL "asmjit::asmjit")
    string(APPEND WASMRUN_PKG_FIND_DEPENDENCIES "find_dependency(asmjit)\n")
    list(APPEND WASMRUN_PKG_EXTERNAL_TARGETS ${ext})
    string(APPEND WASMRUN_PKG_PC_PRIVATE " -lasmjit")
  elseif(ext STREQUAL "Threads::Threads")
    string(APPEND WASMRUN_PKG_FIND_DEPENDENCIES "find_dependency(Threads)\n")
    list(APPEND WASMRUN_PKG_EXTERNAL_TARGETS ${ext})
  elseif(TARGET ${ext})
    message(WARNING "wasmrun package: no rule to find the dependency ${ext}")
  else()
    list(APPEND WASMRUN_PKG_EXTERNAL_TARGETS ${ext})
    string(APPEND WASMRUN_PKG_PC_PRIVATE " -l${ext}")
  endif()
endforeach()
# The libraries are C++ and use threads, also when a C program links them.
string(APPEND WASMRUN_PKG_PC_PRIVATE " -lstdc++ -lm -pthread")

set(WASMRUN_PKG_LIBS "${wasmrun_pkg_libs}")
set(WASMRUN_PKG_LIB_PREFIX "${CMAKE_STATIC_LIBRARY_PREFIX}")
set(WASMRUN_PKG_LIB_SUFFIX "${CMAKE_STATIC_LIBRARY_SUFFIX}")
get_target_property(WASMRUN_PKG_DEFINITIONS wasmrun INTERFACE_COMPILE_DEFINITIONS)
set(WASMRUN_PKG_PC_CFLAGS "")
foreach(def IN LISTS WASMRUN_PKG_DEFINITIONS)
  string(APPEND WASMRUN_PKG_PC_CFLAGS " -D${def}")
endforeach()
# An instrumented build's libraries only link into instrumented programs.
set(WASMRUN_PKG_LINK_OPTIONS "")
set(WASMRUN_PKG_PC_LIBS_EXTRA "")
if(WASMRUN_SANITIZE)
  set(WASMRUN_PKG_LINK_OPTIONS "-fsanitize=address,undefined")
  set(WASMRUN_PKG_PC_LIBS_EXTRA " -fsanitize=address,undefined")
endif()
set(WASMRUN_PKG_PC_LIBS "")
foreach(lib IN LISTS wasmrun_pkg_installed)
  string(APPEND WASMRUN_PKG_PC_LIBS " -l${lib}")
endforeach()

set(wasmrun_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/wasmrun)
install(TARGETS ${wasmrun_pkg_installed}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT wasmrun_dev)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/engine/include/wasmrun
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT wasmrun_dev
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
# Hosts written for other engines include the C API as <wasm.h>: a folder holding only wasm.h
# and wasmrun.h (each forwarding to wasmrun/) goes on consumers' include path as well. It is not
# the include root itself, so the package owns no top-level wasm.h that another engine's package
# could also install, and the C++ headers do not become reachable by bare names.
set(WASMRUN_PKG_CAPI_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/wasmrun/c-api)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/engine/include/c-api/wasm.h
              ${CMAKE_CURRENT_SOURCE_DIR}/engine/include/c-api/wasmrun.h
        DESTINATION ${WASMRUN_PKG_CAPI_INCLUDEDIR} COMPONENT wasmrun_dev)

configure_package_config_file(
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/wasmrunConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrunConfig.cmake
  INSTALL_DESTINATION ${wasmrun_cmake_dir})
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrunConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrunConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrunConfigVersion.cmake
        DESTINATION ${wasmrun_cmake_dir} COMPONENT wasmrun_dev)

# pkg-config: the prefix is found from the .pc file's own place, so the package can be
# installed under any --prefix.
file(RELATIVE_PATH WASMRUN_PKG_PC_TO_PREFIX
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/wasmrun.pc.in
               ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrun.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/wasmrun.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT wasmrun_dev)

# The examples, built against an installed copy of this build (see scripts/test-examples.sh).
# Not in cross builds: the examples are compiled with the host's compiler, which cannot link the
# target's libraries.
if(WASMRUN_BUILD_TESTS AND NOT CMAKE_CROSSCOMPILING)
  add_test(NAME examples
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/test-examples.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(examples PROPERTIES LABELS examples TIMEOUT 600)
endif()
