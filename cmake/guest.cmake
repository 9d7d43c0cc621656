# Flags for code that runs inside the guest: the kernel (ring 0) and the
# native ring-3 programs. Same x86_64 compiler as the host, freestanding.

set(CAPOS_GUEST_COMMON_FLAGS
    -ffreestanding -fno-stack-protector -fno-pic -fno-pie -fno-builtin
    -fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none
    -O2 -g ${CAPOS_WARNINGS})

set(CAPOS_KERNEL_FLAGS ${CAPOS_GUEST_COMMON_FLAGS}
    -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-omit-frame-pointer)

# Ring 3 may use x87/SSE: the kernel saves that state on every switch.
set(CAPOS_USER_FLAGS ${CAPOS_GUEST_COMMON_FLAGS})

set(CAPOS_USER_LINK_FLAGS -nostdlib -static -no-pie -Wl,--build-id=none
    -Wl,-z,max-page-size=0x1000 -Wl,-Ttext-segment=0x400000)

# capos_user_program(NAME SOURCES...): a static ring-3 ELF linked with lib/rt.
function(capos_user_program name)
    add_executable(${name} ${ARGN})
    target_compile_options(${name} PRIVATE ${CAPOS_USER_FLAGS})
    target_link_options(${name} PRIVATE ${CAPOS_USER_LINK_FLAGS})
    target_link_libraries(${name} PRIVATE capos_rt)
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/guest/bin)
endfunction()
