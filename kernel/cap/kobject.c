/* Reference counting for kernel objects, and the cap-table environment hooks
 * (cap_hold_acquire/drop) that keep endpoint receive-hold counts exact. */
#include "kobject.h"
#include "../obj/objects.h"

void kobject_unref(kobject_t *o) {
    if (--o->refs)
        return;
    struct mem_pool *pool = o->charged;
    switch ((cap_type_t)o->type) {
    case CAP_TYPE_ENDPOINT:
        endpoint_destroy((endpoint_t *)o);
        break;
    case CAP_TYPE_REPLY:
        reply_destroy((reply_t *)o);
        break;
    case CAP_TYPE_NOTIFICATION:
        notification_destroy((notification_t *)o);
        break;
    case CAP_TYPE_SESSION:
        session_destroy((session_t *)o);
        break;
    case CAP_TYPE_SPAWNER:
        spawner_destroy((spawner_t *)o);
        break;
    case CAP_TYPE_PROCESS:
        process_handle_destroy((process_handle_t *)o);
        break;
    case CAP_TYPE_MEMORY:
        mem_pool_destroy((mem_pool_t *)o);
        break;
    case CAP_TYPE_SHM:
        shm_destroy((shm_t *)o);
        break;
    case CAP_TYPE_IOPORTS:
        ioports_destroy((ioports_t *)o);
        break;
    case CAP_TYPE_IRQ:
        irq_destroy((irq_t *)o);
        break;
    case CAP_TYPE_PCI_DEVICE:
        pci_device_destroy(o);
        break;
    default:
        panic("kobject_unref: singleton type %u reached zero", o->type);
    }
    if (pool) {
        mem_pool_credit(pool, 1);
        kobject_unref(&pool->ko);
    }
}

static bool is_receive_hold(const cap_hold_t *h) {
    return h->type == CAP_TYPE_ENDPOINT && (h->rights & CAP_RIGHT_RECV);
}

void cap_hold_acquire(const cap_hold_t *h) {
    kobject_ref(h->obj);
    if (is_receive_hold(h))
        endpoint_recv_holds_changed((endpoint_t *)h->obj, +1);
}

void cap_hold_drop(const cap_hold_t *h) {
    if (is_receive_hold(h))
        endpoint_recv_holds_changed((endpoint_t *)h->obj, -1);
    kobject_unref(h->obj);
}
