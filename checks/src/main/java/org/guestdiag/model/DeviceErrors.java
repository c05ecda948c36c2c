package org.guestdiag.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The five persistent error counters btrfs keeps per device (fs/btrfs/volumes.h, BTRFS_DEV_STAT_*). They
 * survive reboots and only grow until someone runs {@code btrfs device stats -z}. A counter the source did
 * not report is absent, not zero.
 *
 * @param origin where they were read: {@code sysfs} (devinfo/N/error_stats, kernel 5.14+), {@code ioctl}
 *               (BTRFS_IOC_GET_DEV_STATS) or {@code kernel-log} (the last "bdev … errs:" line)
 */
public record DeviceErrors(OptionalLong write, OptionalLong read, OptionalLong flush, OptionalLong corruption,
                           OptionalLong generation, String origin) {
    /** The counters by the names btrfs-progs and the metrics use: write, read, flush, corruption, generation. */
    public Map<String, OptionalLong> byType() {
        Map<String, OptionalLong> m = new LinkedHashMap<>();
        m.put("write", write);
        m.put("read", read);
        m.put("flush", flush);
        m.put("corruption", corruption);
        m.put("generation", generation);
        return m;
    }
}
