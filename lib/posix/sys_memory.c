/*
 * brk, mmap and friends over the memory cap. Every mapping is anonymous,
 * private, zeroed and backed at once (the kernel has no demand paging), so
 * an mmap is charged to the process's page quota in full when it is made.
 *
 *   brk   grows from BRK_BASE, at most BRK_SPAN bytes
 *   mmap  picks addresses in [MMAP_BASE, MMAP_LIMIT) (va_range.h); MAP_FIXED
 *         may replace pages of the brk area or of an earlier mmap, or land
 *         outside both areas, never in their unallocated parts
 *
 * lib/rt's own heap (0x100000000000-0x2fffffffffff) is left alone.
 * Protections: PROT_EXEC is refused (-EACCES: Memory.map never makes
 * writable-or-anonymous memory executable); PROT_NONE pages stay readable
 * (the kernel has no no-access mapping), so guard pages do not fault.
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/mman.h>

#include "capos/idl/memory.h"
#include "errno_map.h"
#include "glue.h"
#include "handlers.h"
#include "va_range.h"

#define PAGE 4096ull
#define BRK_BASE 0x400000000000ull
#define BRK_SPAN (1ull << 36)
#define MMAP_BASE 0x500000000000ull
#define MMAP_LIMIT 0x600000000000ull
#define MAP_CHUNK_PAGES 65536ull /* Memory.map/unmap/protect per call */

static uint64_t brk_now = BRK_BASE;

static uint64_t page_up(uint64_t v) {
    return (v + PAGE - 1) & ~(PAGE - 1);
}

static va_range_t *mmap_area(void) {
    static va_range_t area;
    static bool ready;
    if (!ready) {
        va_range_init(&area, MMAP_BASE, MMAP_LIMIT);
        ready = true;
    }
    return &area;
}

/* Unmaps [va, va + pages); pages not mapped are skipped. */
static cap_err_t unmap_pages(uint64_t va, uint64_t pages) {
    cap_t mem = posix_cap("memory", CAP_TYPE_MEMORY);
    cap_err_t e = CAP_OK;
    for (uint64_t done = 0; mem != CAP_NULL && done < pages && e == CAP_OK;
         done += MAP_CHUNK_PAGES) {
        uint64_t n = pages - done < MAP_CHUNK_PAGES ? pages - done : MAP_CHUNK_PAGES;
        e = memory_unmap(mem, va + done * PAGE, (uint32_t)n);
    }
    return e;
}

/* Maps [va, va + pages) or nothing: a failure undoes this call's pages. */
static cap_err_t map_pages(uint64_t va, uint64_t pages, int prot) {
    cap_t mem = posix_cap("memory", CAP_TYPE_MEMORY);
    if (mem == CAP_NULL)
        return CAP_ERR_NO_MEMORY;
    uint32_t cprot = MAP_PROT_READ | ((prot & PROT_WRITE) ? MAP_PROT_WRITE : 0);
    for (uint64_t done = 0; done < pages; done += MAP_CHUNK_PAGES) {
        uint64_t n = pages - done < MAP_CHUNK_PAGES ? pages - done : MAP_CHUNK_PAGES;
        cap_err_t e = memory_map(mem, va + done * PAGE, (uint32_t)n, cprot);
        if (e != CAP_OK) {
            (void)unmap_pages(va, done); /* the range was just mapped: cannot fail */
            return e;
        }
    }
    return CAP_OK;
}

long posix_sys_brk(const long a[6]) {
    uint64_t want = (uint64_t)a[0];
    if (want < BRK_BASE || want > BRK_BASE + BRK_SPAN)
        return (long)brk_now; /* brk(0) asks; anything else out of range fails */
    uint64_t have_end = page_up(brk_now), want_end = page_up(want);
    if (want_end > have_end &&
        map_pages(have_end, (want_end - have_end) / PAGE, PROT_READ | PROT_WRITE) != CAP_OK)
        return (long)brk_now;
    if (want_end < have_end && unmap_pages(want_end, (have_end - want_end) / PAGE) != CAP_OK)
        return (long)brk_now;
    brk_now = want;
    return (long)brk_now;
}

/* May MAP_FIXED place pages at [va, va + bytes)? */
static bool fixed_allowed(uint64_t va, uint64_t bytes) {
    va_range_t brk_area = {.base = BRK_BASE, .limit = BRK_BASE + BRK_SPAN, .top = page_up(brk_now)};
    va_range_t *area = mmap_area();
    if (va_range_overlaps(&brk_area, va, bytes))
        return va_range_allocated(&brk_area, va, bytes);
    if (va_range_overlaps(area, va, bytes))
        return va_range_allocated(area, va, bytes);
    return true;
}

static long map_fixed(uint64_t va, uint64_t bytes, int prot, bool replace) {
    if (va & (PAGE - 1))
        return -EINVAL;
    if (!fixed_allowed(va, bytes))
        return -ENOMEM;
    cap_err_t e = replace ? unmap_pages(va, bytes / PAGE) : CAP_OK;
    if (e == CAP_OK)
        e = map_pages(va, bytes / PAGE, prot);
    return e == CAP_OK ? (long)va : -errno_from_cap(e);
}

long posix_sys_mmap(const long a[6]) {
    uint64_t hint = (uint64_t)a[0], len = (uint64_t)a[1];
    int prot = (int)a[2], flags = (int)a[3];
    if (!(flags & MAP_ANONYMOUS) || (flags & MAP_TYPE) != MAP_PRIVATE)
        return -ENODEV; /* only private anonymous memory */
    if (len == 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL;
    if (prot & PROT_EXEC)
        return -EACCES;
    if (len > MMAP_LIMIT - MMAP_BASE)
        return -ENOMEM;
    uint64_t bytes = page_up(len);
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
        return map_fixed(hint, bytes, prot, flags & MAP_FIXED);
    uint64_t va = va_range_alloc(mmap_area(), bytes);
    if (va == 0)
        return -ENOMEM;
    cap_err_t e = map_pages(va, bytes / PAGE, prot);
    if (e != CAP_OK) {
        va_range_free(mmap_area(), va, bytes);
        return -errno_from_cap(e);
    }
    return (long)va;
}

long posix_sys_munmap(const long a[6]) {
    uint64_t va = (uint64_t)a[0], len = (uint64_t)a[1];
    if ((va & (PAGE - 1)) || len == 0 || len > USER_SPACE_END || va > USER_SPACE_END - len)
        return -EINVAL;
    if (unmap_pages(va, page_up(len) / PAGE) != CAP_OK)
        return -EINVAL;
    va_range_free(mmap_area(), va, page_up(len));
    return 0;
}

long posix_sys_mprotect(const long a[6]) {
    uint64_t va = (uint64_t)a[0], len = (uint64_t)a[1];
    int prot = (int)a[2];
    if ((va & (PAGE - 1)) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL;
    if (prot & PROT_EXEC)
        return -EACCES;
    cap_t mem = posix_cap("memory", CAP_TYPE_MEMORY);
    uint64_t pages = page_up(len) / PAGE;
    uint32_t cprot = MAP_PROT_READ | ((prot & PROT_WRITE) ? MAP_PROT_WRITE : 0);
    for (uint64_t done = 0; done < pages; done += MAP_CHUNK_PAGES) {
        uint64_t n = pages - done < MAP_CHUNK_PAGES ? pages - done : MAP_CHUNK_PAGES;
        cap_err_t e = mem == CAP_NULL ? CAP_ERR_BAD_ADDRESS
                                      : memory_protect(mem, va + done * PAGE, (uint32_t)n, cprot);
        if (e != CAP_OK)
            return e == CAP_ERR_BAD_ADDRESS || e == CAP_ERR_BAD_ARGS ? -ENOMEM : -errno_from_cap(e);
    }
    return 0;
}

/* Advice is accepted and ignored, except advice that would change contents
 * (MADV_DONTNEED and the like must zero pages): -EINVAL. */
long posix_sys_madvise(const long a[6]) {
    switch ((int)a[2]) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
    case MADV_FREE:
    case MADV_DONTFORK:
    case MADV_DOFORK:
    case MADV_MERGEABLE:
    case MADV_UNMERGEABLE:
    case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE:
    case MADV_DONTDUMP:
    case MADV_DODUMP:
        return 0;
    default:
        return -EINVAL;
    }
}

/* Not offered: musl's realloc copies instead. Not logged as missing. */
long posix_sys_mremap(const long a[6]) {
    (void)a;
    return -ENOSYS;
}

/* mlock/munlock/mlockall: nothing is ever paged out, so every page is
 * already locked. */
long posix_sys_mlock(const long a[6]) {
    (void)a;
    return 0;
}
