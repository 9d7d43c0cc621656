# Command-line behaviour of mkbootpkg. Run with -P; needs MKBOOTPKG (the
# tool) and WORK_DIR (scratch directory, recreated). Prints
# "N passed, M failed" and fails if any case failed.

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(WRITE ${WORK_DIR}/init.bin "init-binary-bytes")
file(WRITE ${WORK_DIR}/svc.bin "service")
file(WRITE ${WORK_DIR}/empty.bin "")
file(WRITE ${WORK_DIR}/manifest.txt "# boot\ninit init\ninit_memory_pages 64\n")
file(WRITE ${WORK_DIR}/bad_manifest.txt "init init\nbogus 1\n")
file(WRITE ${WORK_DIR}/other_manifest.txt "init missing\n")
file(WRITE ${WORK_DIR}/garbage.pkg "CAPOSPK1 not really a package")

set(passed 0)
set(failed 0)

# expect(<name> <want_rc> <regex matched against stdout+stderr> <args>...)
function(expect name want_rc regex)
    execute_process(COMMAND ${MKBOOTPKG} ${ARGN}
        WORKING_DIRECTORY ${WORK_DIR}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(rc STREQUAL "${want_rc}" AND "${out}${err}" MATCHES "${regex}")
        math(EXPR passed "${passed} + 1")
    else()
        math(EXPR failed "${failed} + 1")
        message("FAILED ${name}: rc=${rc} (want ${want_rc})\n  stdout: ${out}\n  stderr: ${err}")
    endif()
    set(passed ${passed} PARENT_SCOPE)
    set(failed ${failed} PARENT_SCOPE)
endfunction()

expect(build 0 "" -o ok.pkg --manifest manifest.txt init=init.bin svc.x-1_y=svc.bin e=empty.bin)
expect(list 0 "manifest +38\ninit +17\nsvc.x-1_y +7\ne +0\n" --list ok.pkg)
expect(no_manifest 0 "" -o plain.pkg a=init.bin)
expect(duplicate 1 "duplicate entry name 'init'" -o dup.pkg init=init.bin init=svc.bin)
expect(duplicate_manifest 1 "duplicate entry name 'manifest'"
    -o dup2.pkg --manifest manifest.txt init=init.bin manifest=svc.bin)
expect(bad_char 1 "invalid entry name 'bad/name'" -o bad.pkg bad/name=init.bin)
expect(empty_name 1 "invalid entry name ''" -o bad.pkg =init.bin)
expect(long_name 1 "invalid entry name"
    -o bad.pkg abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv=init.bin)
expect(no_equals 1 "expected NAME=PATH" -o bad.pkg init.bin)
expect(missing_file 1 "cannot open" -o bad.pkg init=does-not-exist)
expect(bad_manifest 1 "bad_manifest.txt:2: unknown key"
    -o bad.pkg --manifest bad_manifest.txt init=init.bin)
expect(init_not_packaged 1 "init 'missing' is not among the package entries"
    -o bad.pkg --manifest other_manifest.txt init=init.bin)
expect(unchecked_manifest 0 ""
    -o unchecked.pkg --no-manifest-check --manifest other_manifest.txt init=init.bin)
expect(list_garbage 1 "garbage.pkg: " --list garbage.pkg)
expect(usage_no_args 2 "usage:")
expect(usage_list_and_build 2 "usage:" --list ok.pkg -o x.pkg)
expect(usage_unknown_option 2 "usage:" --frobnicate)

if(EXISTS ${WORK_DIR}/bad.pkg OR EXISTS ${WORK_DIR}/dup.pkg)
    math(EXPR failed "${failed} + 1")
    message("FAILED no_output_on_error: a failed build left an output file")
else()
    math(EXPR passed "${passed} + 1")
endif()

message("${passed} passed, ${failed} failed")
if(failed GREATER 0)
    message(FATAL_ERROR "mkbootpkg command-line tests failed")
endif()
