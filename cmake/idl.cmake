# IDL code generation: idl/*.idl -> C client stubs, server dispatchers and a
# JSON interface description, generated at build time by idl/gen.py.
#
# Defines:
#   CAPOS_IDL_GENERATOR        path of idl/gen.py
#   CAPOS_IDL_FILES            the schemas (idl/*.idl, globbed at configure time)
#   CAPOS_IDL_GEN_DIR          ${CMAKE_BINARY_DIR}/gen; add it to the include path
#                              and include "capos/idl/<schema>.h" or "capos/idl/all.h"
#   CAPOS_IDL_HEADERS          generated headers (one per schema, idl_runtime.h, all.h,
#                              reflect.h)
#   CAPOS_IDL_CLIENT_SOURCES   generated <schema>_client.c files
#   CAPOS_IDL_SERVER_SOURCES   generated <schema>_server.c files
#   CAPOS_IDL_REFLECT_SOURCES  generated reflect.c: the constant interface table of
#                              capos/idl/reflect.h (part of capos_rt)
#   CAPOS_IDL_JSON             generated JSON description (interfaces.json)
#   target capos_idl           builds all of the above; a target that compiles
#                              generated sources or includes generated headers
#                              must add_dependencies(<target> capos_idl)
#
# The generated code also needs the ABI headers (CAPOS_ABI_INCLUDE) on the
# include path. Client sources reference capos_invoke(), which the linking
# program provides.

if(NOT Python3_EXECUTABLE)
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
endif()

get_filename_component(_capos_idl_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(CAPOS_IDL_GENERATOR ${_capos_idl_root}/idl/gen.py)
set(CAPOS_IDL_GEN_DIR ${CMAKE_BINARY_DIR}/gen)
set(CAPOS_IDL_JSON ${CAPOS_IDL_GEN_DIR}/interfaces.json)

file(GLOB CAPOS_IDL_FILES CONFIGURE_DEPENDS ${_capos_idl_root}/idl/*.idl)
list(SORT CAPOS_IDL_FILES)

set(_capos_idl_out ${CAPOS_IDL_GEN_DIR}/capos/idl)
set(CAPOS_IDL_HEADERS ${_capos_idl_out}/idl_runtime.h ${_capos_idl_out}/all.h
    ${_capos_idl_out}/reflect.h)
set(CAPOS_IDL_REFLECT_SOURCES ${_capos_idl_out}/reflect.c)
set(CAPOS_IDL_CLIENT_SOURCES)
set(CAPOS_IDL_SERVER_SOURCES)
foreach(_capos_idl_file IN LISTS CAPOS_IDL_FILES)
    get_filename_component(_capos_idl_stem ${_capos_idl_file} NAME_WE)
    list(APPEND CAPOS_IDL_HEADERS ${_capos_idl_out}/${_capos_idl_stem}.h)
    list(APPEND CAPOS_IDL_CLIENT_SOURCES ${_capos_idl_out}/${_capos_idl_stem}_client.c)
    list(APPEND CAPOS_IDL_SERVER_SOURCES ${_capos_idl_out}/${_capos_idl_stem}_server.c)
endforeach()

add_custom_command(
    OUTPUT ${CAPOS_IDL_HEADERS} ${CAPOS_IDL_CLIENT_SOURCES} ${CAPOS_IDL_SERVER_SOURCES}
           ${CAPOS_IDL_REFLECT_SOURCES} ${CAPOS_IDL_JSON}
    COMMAND ${Python3_EXECUTABLE} ${CAPOS_IDL_GENERATOR} --out ${CAPOS_IDL_GEN_DIR}
            --json ${CAPOS_IDL_JSON} ${CAPOS_IDL_FILES}
    DEPENDS ${CAPOS_IDL_GENERATOR} ${CAPOS_IDL_FILES}
    COMMENT "Generating IDL stubs"
    VERBATIM)

add_custom_target(capos_idl
    DEPENDS ${CAPOS_IDL_HEADERS} ${CAPOS_IDL_CLIENT_SOURCES} ${CAPOS_IDL_SERVER_SOURCES}
            ${CAPOS_IDL_REFLECT_SOURCES} ${CAPOS_IDL_JSON})
