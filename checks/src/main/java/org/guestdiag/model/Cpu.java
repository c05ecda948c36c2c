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
        List<CpuTopology> topology) {

    public Cpu {
        flags = new TreeSet<>(flags);
        topology = List.copyOf(topology);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Distinct physical packages seen in the topology (falls back to 1 without topology). */
    public int sockets() {
        long n = topology.stream().map(CpuTopology::packageId).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).distinct().count();
        return n == 0 ? 1 : (int) n;
    }

    /** Most hardware threads sharing one core, from thread_siblings_list (not the cpuinfo ht flag, which QEMU always sets). */
    public int threadsPerCore() {
        return topology.stream().mapToInt(CpuTopology::threadSiblings).max().orElse(1);
    }

    /** Distinct (package, die, core) triples: the cores the guest sees. */
    public int cores() {
        long n = topology.stream().map(t -> t.packageId() + "/" + t.dieId() + "/" + t.coreId()).distinct().count();
        return n == 0 ? processors : (int) n;
    }
}
