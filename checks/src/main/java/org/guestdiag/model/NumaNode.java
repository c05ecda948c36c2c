package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One node: its CPUs in the kernel's cpulist format (from {@code cpulist}, or from {@code cpumap} where
 * only that is present), how many CPUs that is, its MemTotal and its distance row. A node without either
 * CPU file, or without {@code meminfo} (some trees keep only {@code vmstat}), has those values absent: not
 * "no CPUs", not "no memory".
 */
public record NumaNode(int id, Optional<String> cpulist, OptionalInt cpus, OptionalLong memTotalBytes, List<Integer> distances) {
    public NumaNode {
        distances = List.copyOf(distances);
    }
}
