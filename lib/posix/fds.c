/* The process's one descriptor table. */
#include <stdbool.h>

#include "glue.h"

fd_table_t *posix_fds(void) {
    static fd_table_t table;
    static bool ready;
    if (!ready) {
        fd_table_init(&table, posix_cap("console", CAP_TYPE_CONSOLE) != CAP_NULL);
        ready = true;
    }
    return &table;
}
