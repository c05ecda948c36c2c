package org.guestdiag.model;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The NUMA view of the guest: /sys/devices/system/node and /proc/sys/kernel/numa_balancing.
 *
 * @param memTotalBytes MemTotal of /proc/meminfo
 */
public record Numa(List<NumaNode> nodes, OptionalInt balancing, OptionalLong memTotalBytes) {
    public Numa {
        nodes = List.copyOf(nodes);
    }
}
