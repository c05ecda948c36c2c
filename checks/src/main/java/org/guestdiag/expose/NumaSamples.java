package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.guestdiag.model.Numa;
import org.guestdiag.model.NumaNode;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** The guest's NUMA nodes with their CPUs and memory, and whether automatic NUMA balancing is on. */
public final class NumaSamples {
    private NumaSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        inv.find(Sources.NUMA).ifPresent(n -> add(n, out));
        return out;
    }

    private static void add(Numa numa, List<Sample> out) {
        out.add(Sample.gauge("guestdiag_numa_nodes", "NUMA nodes in /sys/devices/system/node.", Map.of(), numa.nodes().size()));
        for (NumaNode n : numa.nodes()) {
            String node = Integer.toString(n.id());
            n.cpus().ifPresent(c -> out.add(Sample.gauge("guestdiag_numa_node_cpus",
                    "CPUs in the node's cpulist (/sys/devices/system/node/nodeN/cpulist, or cpumap where only that is present).",
                    Labels.of("node", node), c)));
            n.memTotalBytes().ifPresent(b -> out.add(Sample.gauge("guestdiag_numa_node_memory_bytes",
                    "MemTotal of /sys/devices/system/node/nodeN/meminfo.", Labels.of("node", node), b)));
        }
        numa.balancing().ifPresent(b -> out.add(Sample.gauge("guestdiag_numa_balancing",
                "/proc/sys/kernel/numa_balancing as written (0 off, 1 normal, 2 memory tiering).", Map.of(), b)));
        numa.memTotalBytes().ifPresent(b -> out.add(Sample.gauge("guestdiag_memory_bytes",
                "MemTotal of /proc/meminfo.", Map.of(), b)));
    }
}
