/* The legacy virtqueue against a simulated device: layout, posting,
 * completions, index wrap-around at 2^16, notification suppression. */
#include <stdlib.h>
#include "check.h"
#include "virtq.h"

/* The device's side: takes the next avail entry, returns it as used. */
typedef struct {
    uint16_t next_avail;
    uint16_t used_idx;
} device_t;

static bool device_take(virtq_t *q, device_t *d, uint16_t *id) {
    if (*q->avail_idx == d->next_avail)
        return false;
    *id = q->avail_ring[d->next_avail % q->size];
    d->next_avail++;
    return true;
}

static void device_return(virtq_t *q, device_t *d, uint16_t id, uint32_t len) {
    q->used_ring[d->used_idx % q->size].id = id;
    q->used_ring[d->used_idx % q->size].len = len;
    d->used_idx++;
    *q->used_idx = d->used_idx;
}

static void layout(void) {
    CHECK_EQ(virtq_bytes(256), 12288);          /* 4096 desc + avail -> 8192, used 2054 -> 4096 */
    CHECK_EQ(virtq_bytes(1024), 20480 + 12288); /* 16384 + 2054 -> 20480, used 8198 */
    CHECK_EQ(virtq_bytes(0), 0);
    CHECK_EQ(virtq_bytes(3), 0);
    CHECK_EQ(virtq_bytes(2048), 0);
    void *mem = aligned_alloc(VIRTQ_ALIGN, virtq_bytes(256));
    virtq_t q;
    CHECK(!virtq_init(&q, mem, 100));
    CHECK(virtq_init(&q, mem, 256));
    CHECK_EQ((uint8_t *)q.avail_flags - (uint8_t *)mem, 4096);
    CHECK_EQ((uint8_t *)q.used_flags - (uint8_t *)mem, 8192);
    CHECK_EQ((uint8_t *)q.used_ring - (uint8_t *)mem, 8196);
    virtq_set_desc(&q, 5, 0x123000, 2048, VIRTQ_DESC_F_WRITE);
    CHECK_EQ(q.desc[5].addr, 0x123000);
    CHECK_EQ(q.desc[5].len, 2048);
    CHECK_EQ(q.desc[5].flags, VIRTQ_DESC_F_WRITE);
    free(mem);
}

static void post_and_complete_across_wrap(void) {
    enum { SIZE = 8 };
    void *mem = aligned_alloc(VIRTQ_ALIGN, virtq_bytes(SIZE));
    memset(mem, 0, virtq_bytes(SIZE));
    virtq_t q;
    device_t d = {0};
    CHECK(virtq_init(&q, mem, SIZE));
    uint16_t id;
    uint32_t len;
    CHECK(!virtq_take_used(&q, &id, &len));
    unsigned bad = 0;
    /* 70000 buffers: every index wraps past 65535. */
    for (uint32_t round = 0; round < 70000 / 4; round++) {
        for (uint16_t i = 0; i < 4; i++)
            virtq_post(&q, (uint16_t)((round + i) % SIZE));
        bad += virtq_in_flight(&q) != 4;
        for (uint16_t i = 0; i < 4; i++) {
            uint16_t got;
            bad += !device_take(&q, &d, &got);
            bad += got != (round + i) % SIZE;
            device_return(&q, &d, got, 100u + i);
        }
        for (uint16_t i = 0; i < 4; i++) {
            bad += !virtq_take_used(&q, &id, &len);
            bad += id != (round + i) % SIZE || len != 100u + i;
        }
        bad += virtq_take_used(&q, &id, &len);
        bad += virtq_in_flight(&q) != 0;
    }
    CHECK_EQ(bad, 0);
    CHECK(q.next_avail != 0 && q.next_avail == d.next_avail); /* wrapped and agreed */
    free(mem);
}

static void notification_suppression(void) {
    void *mem = aligned_alloc(VIRTQ_ALIGN, virtq_bytes(16));
    memset(mem, 0, virtq_bytes(16));
    virtq_t q;
    CHECK(virtq_init(&q, mem, 16));
    CHECK(!virtq_should_notify(&q)); /* nothing posted */
    virtq_post(&q, 1);
    CHECK(virtq_should_notify(&q));
    CHECK(!virtq_should_notify(&q)); /* told already */
    *q.used_flags = VIRTQ_USED_F_NO_NOTIFY;
    virtq_post(&q, 2);
    CHECK(!virtq_should_notify(&q)); /* the device polls */
    *q.used_flags = 0;
    CHECK(!virtq_should_notify(&q)); /* nothing new since */
    virtq_post(&q, 3);
    CHECK(virtq_should_notify(&q));
    free(mem);
}

int main(void) {
    layout();
    post_and_complete_across_wrap();
    notification_suppression();
    return check_summary();
}
