package org.guestdiag.check.numa;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.Text;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Numa;
import org.guestdiag.model.NumaNode;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** The NUMA view the guest sees against its sockets and memory. */
public final class NumaCheck implements Check {
    /** From this many vCPUs a single-node VM very likely spans host NUMA nodes. */
    static final int MANY_VCPUS = 16;

    @Override public String name() { return "numa"; }
    @Override public String area() { return "numa"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.NUMA, Sources.CPU); }
    @Override public List<Source<?>> optional() { return List.of(Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        Numa numa = inv.get(Sources.NUMA);
        Cpu cpu = inv.get(Sources.CPU);
        List<NumaNode> nodes = numa.nodes();
        if (nodes.isEmpty()) return; // kernel without NUMA support: nothing to judge
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's nodes: the hypervisor check says so once
        int sockets = cpu.sockets();
        if (nodes.size() == 1) {
            if (machine.bareMetal()) {
                if (sockets > 1) physicalSingleNode(numa, sockets, out);
                return;
            }
            if (sockets > 1 || cpu.processors() >= MANY_VCPUS) {
                Finding.Builder f = Finding.of("numa.single-node", sockets > 1 ? Severity.WARNING : Severity.INFO, "numa")
                        .summary(sockets > 1
                                ? sockets + " sockets but one NUMA node: the guest cannot place memory near its vCPUs"
                                : cpu.processors() + " vCPUs in one NUMA node: a VM this size likely spans host NUMA nodes")
                        .evidence("/sys/devices/system/node", "node0 only, cpulist " + nodes.get(0).cpulist().orElse("unknown"))
                        .evidence("/sys/devices/system/cpu/cpu*/topology/physical_package_id", sockets + (sockets == 1 ? " package" : " packages"));
                numa.memTotalBytes().ifPresent(m -> f.evidence("/proc/meminfo MemTotal", Text.bytes(m)));
                out.add(f.why("Without a NUMA topology the guest kernel treats all memory as equally near; on a multi-socket host "
                                + "its threads then read memory across the interconnect. With NUMA enabled, each virtual socket "
                                + "becomes a node that the host can back with local memory.")
                        .remedy("qm set <vmid> --numa 1   (sockets = host NUMA nodes the VM should span)",
                                "virsh edit <domain>: <cpu …><numa><cell id='0' cpus='…' memory='…' unit='MiB'/><cell id='1' …/></numa></cpu>, one cell per socket; applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                "-numa node,nodeid=0,cpus=…,memdev=m0 -numa node,nodeid=1,cpus=…,memdev=m1 (one per socket)"));
            }
            return;
        }
        Finding.Builder layout = Finding.of("numa.layout", Severity.INFO, "numa")
                .summary(nodes.size() + " NUMA nodes for " + sockets + (sockets == 1 ? " socket" : " sockets"));
        for (NumaNode n : nodes) {
            layout.evidence("/sys/devices/system/node/node" + n.id(), "cpus " + n.cpulist().map(c -> c.isEmpty() ? "none" : c).orElse("unknown")
                    + ", memory " + n.memTotalBytes().stream().mapToObj(Text::bytes).findFirst().orElse("unknown")
                    + (n.distances().isEmpty() ? "" : ", distances " + n.distances()));
        }
        numa.balancing().ifPresent(b -> layout.evidence("/proc/sys/kernel/numa_balancing", b));
        out.add(layout.why(machine.vm() ? "Each node should have both vCPUs and memory, and nodes should match the host nodes they run on."
                : "Each node should have both CPUs and memory: the kernel places tasks and their memory node by node."));
        for (NumaNode n : nodes) {
            // an absent cpulist/cpumap or meminfo is unknown, never "none"
            boolean noCpus = n.cpus().isPresent() && n.cpus().getAsInt() == 0;
            boolean noMemory = n.memTotalBytes().isPresent() && n.memTotalBytes().getAsLong() == 0;
            if ((noCpus || noMemory) && machine.bareMetal()) {
                out.add(Finding.of("numa.unbalanced-node", Severity.INFO, "node" + n.id())
                        .summary("NUMA node " + n.id() + " has " + (noCpus ? "memory but no CPUs" : "CPUs but no memory"))
                        .evidence("/sys/devices/system/node/node" + n.id() + "/cpulist", n.cpulist().isEmpty() ? "(empty)" : n.cpulist())
                        .evidence("/sys/devices/system/node/node" + n.id() + "/meminfo MemTotal", n.memTotalBytes().stream().mapToObj(Text::bytes).findFirst().orElse("unknown"))
                        .why("On a physical machine this is how it is built or populated: memory without CPUs (CXL or persistent "
                                + "memory, a socket left empty) is remote to every CPU; a socket without DIMMs reads all its memory "
                                + "from another node.")
                        .remedy(Remedy.guest(noCpus ? "nothing to set: place memory-hungry work with numactl --membind only where that memory is wanted"
                                : "populate DIMMs on every socket (the board manual's balanced layout)")));
            } else if (noCpus || noMemory) {
                out.add(Finding.of("numa.unbalanced-node", Severity.WARNING, "node" + n.id())
                        .summary("NUMA node " + n.id() + " has " + (noCpus ? "memory but no vCPUs" : "vCPUs but no memory"))
                        .evidence("/sys/devices/system/node/node" + n.id() + "/cpulist", n.cpulist().map(c -> c.isEmpty() ? "(empty)" : c).orElse("(absent)"))
                        .evidence("/sys/devices/system/node/node" + n.id() + "/meminfo MemTotal", n.memTotalBytes().stream().mapToObj(Text::bytes).findFirst().orElse("unknown"))
                        .why(noCpus ? "Memory on a node without vCPUs is remote to every vCPU." : "Every access of these vCPUs goes to another node's memory.")
                        .remedy("give every virtual NUMA node both cores and memory (Proxmox: --numa 1 with sockets matching the nodes)",
                                "virsh edit <domain>: every <cell> in <cpu><numa> with both cpus='…' and memory='…'; applied at the domain's next "
                                        + "shutdown and start (virsh shutdown, virsh start)",
                                "-numa node,nodeid=N,cpus=…,memdev=… listing CPUs and memory for every node"));
            }
        }
        if (numa.balancing().isPresent() && numa.balancing().getAsInt() == 0) {
            out.add(Finding.of("numa.balancing-off", Severity.INFO, "numa")
                    .summary("Automatic NUMA balancing is off " + (machine.vm() ? "in a guest" : "on a machine") + " with " + nodes.size() + " nodes")
                    .evidence("/proc/sys/kernel/numa_balancing", 0)
                    .why("The kernel does not move tasks and pages toward each other; fine for pinned workloads, a loss otherwise.")
                    .remedy(org.guestdiag.check.Remedy.guest("sysctl kernel.numa_balancing=1")));
        }
    }

    /** Several sockets and one node on real hardware: the firmware interleaves memory across the sockets. */
    private static void physicalSingleNode(Numa numa, int sockets, Report out) {
        Finding.Builder f = Finding.of("numa.single-node", Severity.WARNING, "numa")
                .summary(sockets + " sockets but one NUMA node: the firmware hides which memory is near which CPU")
                .evidence("/sys/devices/system/node", "node0 only, cpulist " + numa.nodes().get(0).cpulist())
                .evidence("/sys/devices/system/cpu/cpu*/topology/physical_package_id", sockets + " packages");
        numa.memTotalBytes().ifPresent(m -> f.evidence("/proc/meminfo MemTotal", Text.bytes(m)));
        out.add(f.why("With node interleaving on (or no SRAT/ACPI NUMA table) the kernel treats all memory as equally near and "
                        + "spreads every allocation across the sockets' interconnect.")
                .remedy(Remedy.guest("turn off 'node interleaving' (or turn on NUMA / 'sub-NUMA clustering') in the firmware setup, "
                        + "and check the kernel is not booted with numa=off")));
    }
}
