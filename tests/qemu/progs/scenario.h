/* Shared helpers of the QEMU scenario programs. One ELF is packed under
 * several names; the name it was started as selects the case or peer role. */
#ifndef SCENARIO_H
#define SCENARIO_H

#include "capos/rt.h"
#include "capos/idl/all.h"

extern int scenario_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            scenario_failures++;                                                                   \
            rt_printf("CHECK FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);                      \
        }                                                                                          \
    } while (0)

/* Expect an exact error and report it as "<what>: <ERROR>" for the runner. */
#define EXPECT_ERR(what, expr, want)                                                               \
    do {                                                                                           \
        cap_err_t got_ = (expr);                                                                   \
        rt_printf("%s: %s\n", what, rt_strerror(got_));                                            \
        CHECK(got_ == (want));                                                                     \
    } while (0)

#define CAP_CLIENT_RIGHTS (CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER)

/* Raw call with a label, bytes and caps; reply lands in *msg. */
cap_err_t call_raw(cap_t ep, ipc_msg_t *msg, uint64_t label, const void *data, uint32_t len,
                   const ipc_cap_t *caps, uint32_t ncaps, uint32_t disclose);
/* Receive one call and answer it with status and no payload. */
cap_err_t recv_one(cap_t ep, ipc_msg_t *msg, ipc_recv_info_t *info);
cap_err_t reply_status(cap_t reply, cap_err_t status, const ipc_cap_t *caps, uint32_t ncaps);

cap_t make_endpoint(uint32_t queue_limit, uint32_t scope);
cap_t client_facet(cap_t ep, uint32_t scope, uint32_t disclose, uint64_t badge);
cap_t make_notification(uint32_t scope);
/* Spawn a peer role under a fresh operator session (ttl 0 = no expiry). */
cap_t spawn_in_new_session(const char *peer, uint64_t ttl_ns, const rt_grant_t *g, uint32_t n,
                           cap_t *session_out);
int64_t wait_child(cap_t process);
void sleep_ms(uint64_t ms);

/* Cases and peers kept in files of their own (cases_*.c). */
int case_wait_until(void);
int case_heap(void);
int case_process_watch(void);
int case_inspect(void);
int case_pci_irq(void);
int peer_signaller(void);
int peer_timed_waiter(void);
int peer_linger(void);
int peer_hold(void);

typedef int (*scenario_fn)(void);
typedef struct {
    const char *name;
    scenario_fn fn;
} scenario_t;

#endif
