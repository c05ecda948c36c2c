package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** What the agent sends the kernel with BTRFS_IOC_GET_DEV_STATS (include/uapi/linux/btrfs.h). */
class BtrfsIoctlTest {
    /** BTRFS_DEV_STATS_RESET: the kernel zeroes the persistent counters after reading them. */
    private static final long BTRFS_DEV_STATS_RESET = 1;

    @Test
    void devStatsRequestAsksForTheCountersWithoutResettingThem() {
        ByteBuffer b = ByteBuffer.wrap(BtrfsIoctl.devStatsRequest(3)).order(ByteOrder.nativeOrder());
        assertThat(b.capacity()).isEqualTo(BtrfsIoctl.DEV_STATS_SIZE); // devid, nr_items, flags, values[128], unused[121]
        assertThat(b.getLong(0)).as("devid").isEqualTo(3);
        assertThat(b.getLong(8)).as("nr_items").isEqualTo(5); // BTRFS_DEV_STAT_VALUES_MAX
        assertThat(b.getLong(16)).as("flags, of which BTRFS_DEV_STATS_RESET (%d) would zero the counters", BTRFS_DEV_STATS_RESET).isZero();
    }
}
