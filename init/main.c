/*
 * init: the first ring-3 process and the service supervisor (README.md).
 * It loads the system manifest from the boot package, refuses to boot if
 * the service graph is not sound, starts the services in dependency order
 * with exactly their declared grants, serves ShutdownControl, and on
 * shutdown stops them in reverse order and exits, which halts the system.
 */
#include "init.h"

/* The root capabilities the kernel granted, by CapSet name. */
static void env_from_capset(const capset_t *cs, init_env_t *env) {
    *env = (init_env_t){0};
    for (uint32_t i = 0; i < cs->count && env->nroots < INIT_MAX_ROOTS; i++) {
        env->roots[env->nroots].name = cs->entries[i].name;
        env->roots[env->nroots++].cap = cs->entries[i].cap;
    }
    env->bootpackage = init_root(env, "bootpackage");
    env->spawner = init_root(env, "spawner");
    env->memory = init_root(env, "memory");
    env->clock = init_root(env, "clock");
}

int main(void) {
    static init_env_t env;
    static init_state_t st;
    env_from_capset(rt_capset(), &env);
    st.env = &env;
    lifecycle_init(&st.lc);
    if (!init_load_system(&st))
        return 1;
    rt_printf("init: system manifest: %u services, %u profiles, guest %s\n", st.sys.nservices,
              st.sys.nprofiles, st.sys.guest ? "enabled" : "disabled");
    if (!init_start_services(&st)) {
        rt_printf("init: boot aborted, stopping what was started\n");
        init_shutdown(&st, CAP_NULL);
        return 1;
    }
    cap_t reply = CAP_NULL;
    init_supervise(&st, &reply);
    return init_shutdown(&st, reply);
}
