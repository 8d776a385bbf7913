# segproof_stage(NAME [DEPS targets...])
# Builds src/NAME/**/*.cc (except *_test.cc) into segproof_NAME and, when the
# folder has *_test.cc files, a Catch2 binary tests_NAME registered with ctest
# under the label NAME.
function(segproof_stage name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cc)
  set(tests ${sources})
  list(FILTER sources EXCLUDE REGEX "_test\\.cc$")
  list(FILTER tests INCLUDE REGEX "_test\\.cc$")
  if(sources)
    add_library(segproof_${name} STATIC ${sources})
    set(scope PUBLIC)
  else()
    # A stage whose code is all in headers so far.
    add_library(segproof_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(segproof_${name}
    ${scope} ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(segproof_${name} ${scope} ${ARG_DEPS})
  if(tests)
    add_executable(tests_${name} ${tests})
    target_link_libraries(tests_${name} PRIVATE segproof_${name} Catch2::Catch2WithMain)
    target_compile_definitions(tests_${name} PRIVATE
      SEGPROOF_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    catch_discover_tests(tests_${name} TEST_PREFIX "${name}: " PROPERTIES LABELS ${name})
  endif()
endfunction()
