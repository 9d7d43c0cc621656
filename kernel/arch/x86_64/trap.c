/* Exceptions and IRQs. A fault in ring 3 ends that process; a fault in the
 * kernel is a panic. The timer tick preempts ring 3. */
#include "cpu.h"
#include "../../sched/proc.h"

static const char *const exception_names[] = {
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 fault",
    "alignment check",
    "machine check",
    "SIMD fault",
    "virtualization",
    "control protection",
};

static void user_fault(trap_frame_t *tf) {
    proc_t *p = kernel.current;
    kprintf("kernel: process %lu (%s) killed: %s at rip=%lx addr=%lx err=%lx\n", p->pid, p->name,
            exception_names[tf->vector], tf->rip, tf->vector == 14 ? read_cr2() : 0, tf->error);
    proc_exit(EXIT_FAULT);
}

void trap_dispatch(trap_frame_t *tf) {
    bool from_user = (tf->cs & 3) == 3;
    if (tf->vector < 32) {
        if (from_user)
            user_fault(tf);
        panic("%s in kernel at rip=%lx cr2=%lx err=%lx", exception_names[tf->vector], tf->rip,
              read_cr2(), tf->error);
    }
    if (tf->vector == 32) {
        pic_eoi(0);
        sched_timer_tick();
        if (from_user)
            sched_yield();
    } else if (tf->vector >= 33 && tf->vector < 48) {
        irq_deliver((uint32_t)tf->vector - 32);
        pic_eoi((uint32_t)tf->vector - 32);
    }
    if (from_user && kernel.current->killed)
        proc_exit(EXIT_KILLED);
}
