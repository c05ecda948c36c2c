package org.guestdiag.model;

import java.util.List;
import java.util.OptionalLong;

/** One node: its cpulist as the kernel writes it, how many CPUs that is, its MemTotal and its distance row. */
public record NumaNode(int id, String cpulist, int cpus, OptionalLong memTotalBytes, List<Integer> distances) {
    public NumaNode {
        distances = List.copyOf(distances);
    }
}
