package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor as the guest kernel presents it: /proc/cpuinfo (identity and flags of the first CPU) and
 * /sys/devices/system/cpu (topology of every CPU).
 *
 * @param flags       the flags of the first processor; {@code flagsDiffer} tells if any other CPU disagrees
 * @param online      /sys/devices/system/cpu/online as written by the kernel, e.g. {@code 0-3}
 */
public record Cpu(
        String vendor,
        String modelName,
        OptionalInt family,
        OptionalInt model,
        OptionalInt stepping,
        Set<String> flags,
        boolean flagsDiffer,
        int processors,
        Optional<String> online,
        List<CpuTopology> topology,
        List<CpuinfoPlace> cpuinfo) {

    public Cpu {
        flags = new TreeSet<>(flags);
        topology = List.copyOf(topology);
        cpuinfo = List.copyOf(cpuinfo);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Distinct physical packages in the sysfs topology, else cpuinfo's physical ids; 1 when neither tells. */
    public int sockets() {
        long n = topology.stream().map(CpuTopology::packageId).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).distinct().count();
        if (n == 0) n = cpuinfo.stream().map(CpuinfoPlace::physicalId).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).distinct().count();
        return n == 0 ? 1 : (int) n;
    }

    /**
     * Most hardware threads sharing one core: from the sysfs sibling lists where present (not the cpuinfo ht
     * flag, which QEMU always sets), else from cpuinfo; absent when neither tells, never "1" from an absence.
     */
    public OptionalInt threadsPerCore() {
        OptionalInt sysfs = threadsPerCoreBySysfs();
        return sysfs.isPresent() ? sysfs : threadsPerCoreByCpuinfo();
    }

    public OptionalInt threadsPerCoreBySysfs() {
        return topology.stream().map(CpuTopology::threadSiblings).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max();
    }

    /**
     * From cpuinfo: {@code siblings} (logical CPUs per package) over {@code cpu cores} (cores per package), as
     * 8 and 4 are 2 threads per core; else the most processors sharing one (physical id, core id).
     */
    public OptionalInt threadsPerCoreByCpuinfo() {
        if (cpuinfo.isEmpty()) return OptionalInt.empty();
        CpuinfoPlace first = cpuinfo.get(0);
        if (first.siblings().isPresent() && first.cpuCores().isPresent()) {
            int s = first.siblings().getAsInt();
            int c = first.cpuCores().getAsInt();
            if (c > 0 && s >= c && s % c == 0) return OptionalInt.of(s / c);
        }
        if (cpuinfo.stream().allMatch(p -> p.physicalId().isPresent() && p.coreId().isPresent())) {
            java.util.Map<String, Long> perCore = cpuinfo.stream().collect(java.util.stream.Collectors.groupingBy(
                    p -> p.physicalId().getAsInt() + "/" + p.coreId().getAsInt(), java.util.stream.Collectors.counting()));
            return OptionalInt.of(perCore.values().stream().mapToInt(Long::intValue).max().orElse(1));
        }
        return OptionalInt.empty();
    }

    /** Distinct (package, die, core) triples of sysfs, else (physical id, core id) pairs of cpuinfo: the cores the guest sees. */
    public int cores() {
        if (!topology.isEmpty() && topology.stream().allMatch(t -> t.coreId().isPresent())) {
            return (int) topology.stream().map(t -> t.packageId() + "/" + t.dieId() + "/" + t.coreId()).distinct().count();
        }
        if (!cpuinfo.isEmpty() && cpuinfo.stream().allMatch(p -> p.physicalId().isPresent() && p.coreId().isPresent())) {
            return (int) cpuinfo.stream().map(p -> p.physicalId().getAsInt() + "/" + p.coreId().getAsInt()).distinct().count();
        }
        OptionalInt threads = threadsPerCore();
        return Math.max(1, processors / (threads.isPresent() ? Math.max(1, threads.getAsInt()) : 1));
    }
}
