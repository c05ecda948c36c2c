package org.guestdiag.render;

import static org.guestdiag.check.Text.visible;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.guestdiag.check.Text;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Mount;
import org.guestdiag.model.Nic;
import org.guestdiag.model.Numa;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * What the machine is, in a few lines, whether or not anything is wrong: the CPU, NUMA, every disk with its
 * bus, controller, queue, sectors, discard and SMART, the NICs and the filesystems. The text report prints
 * it at the top and the status page as its tables, so a healthy VM's report still shows what was judged.
 * A source that was not read leaves its part out; a value not known reads "?".
 */
public final class Overview {
    private Overview() { }

    /** One table: a title, its column names, its rows (already escaped of control bytes). */
    public record Table(String title, List<String> columns, List<List<String>> rows) { }

    public static List<Table> of(Inventory inv) {
        List<Table> tables = new ArrayList<>();
        inv.find(Sources.CPU).ifPresent(c -> tables.add(cpu(c, inv.find(Sources.NUMA))));
        // the hypervisor's name for each device, where the guest can tell it (Proxmox's scsi1, net0); "-" elsewhere
        Slots slots = Slots.of(inv);
        inv.find(Sources.DISKS).filter(d -> !d.isEmpty()).ifPresent(d -> tables.add(disks(d, inv.find(Sources.SMART).orElse(List.of()), slots)));
        inv.find(Sources.NICS).filter(n -> !n.isEmpty()).ifPresent(n -> tables.add(nics(n, slots)));
        inv.find(Sources.MOUNTS).ifPresent(m -> {
            Table t = filesystems(m);
            if (!t.rows().isEmpty()) tables.add(t);
        });
        return tables;
    }

    private static Table cpu(Cpu c, Optional<Numa> numa) {
        OptionalInt threads = c.threadsPerCore();
        String topology = c.sockets() + " × " + Math.max(1, c.cores() / Math.max(1, c.sockets())) + " × "
                + (threads.isPresent() ? threads.getAsInt() : "?");
        String nodes = numa.map(n -> n.nodes().isEmpty() ? "none" : String.valueOf(n.nodes().size())).orElse("?");
        return new Table("CPU", List.of("model", "vCPUs", "sockets × cores × threads", "NUMA nodes"),
                List.of(List.of(visible(c.modelName()), String.valueOf(c.processors()), topology, nodes)));
    }

    private static Table disks(List<Disk> disks, List<SmartDisk> smart, Slots slots) {
        List<List<String>> rows = new ArrayList<>();
        for (Disk d : disks) {
            String sectors = num(d.queue().logicalBlockSize()) + "/" + num(d.queue().physicalBlockSize());
            OptionalLong discard = d.queue().discardMaxBytes();
            String smartSeen = smart.stream().filter(s -> s.name().equals(d.name())).findFirst()
                    .map(s -> s.answer() instanceof SmartDisk.Unavailable u ? "hidden (" + u.reason().label() + ")" : "visible")
                    .orElse("?");
            rows.add(List.of(visible(d.name()), slots.disk(d).map(Slot::name).orElse("-"), d.sizeBytes().isPresent() ? Text.bytes(d.sizeBytes().getAsLong()) : "?",
                    d.bus().label() + (d.bus().emulated() ? " (emulated)" : ""),
                    d.controller().map(c -> visible(c.id()) + " (" + c.disks() + (c.disks() == 1 ? " disk)" : " disks)")).orElse("-"),
                    num(d.queueDepth()) + " / " + num(d.queue().hwQueues()),
                    sectors, discard.isPresent() ? (discard.getAsLong() > 0 ? "yes" : "no") : "?",
                    d.queue().rotational().map(r -> r ? "yes" : "no").orElse("?"), smartSeen));
        }
        return new Table("Disks", List.of("disk", "slot", "size", "bus", "controller", "queue/hwq", "sectors", "discard", "rot", "SMART"), rows);
    }

    private static Table nics(List<Nic> nics, Slots slots) {
        List<List<String>> rows = new ArrayList<>();
        for (Nic n : nics) {
            rows.add(List.of(visible(n.name()), slots.nic(n).map(Slot::name).orElse("-"), visible(n.driver().orElse("-")), visible(n.bus().orElse("?")), visible(n.operstate().orElse("?"))));
        }
        return new Table("NICs", List.of("interface", "slot", "driver", "bus", "state"), rows);
    }

    /** The filesystems that hold data: block-device and btrfs mounts, not the kernel's pseudo filesystems. */
    private static Table filesystems(List<Mount> mounts) {
        List<List<String>> rows = new ArrayList<>();
        for (Mount m : mounts) {
            boolean onDevice = m.source().startsWith("/dev/") || m.fsType().equals("btrfs");
            if (!onDevice) continue;
            String state = m.hasSuperOption("ro") ? (m.hasMountOption("ro") ? "read-only" : "read-only (forced)") : "read-write";
            rows.add(List.of(visible(m.mountPoint()), visible(m.fsType()), state, visible(m.source())));
        }
        return new Table("Filesystems", List.of("mount point", "type", "state", "source"), rows);
    }

    private static String num(OptionalInt v) {
        return v.isPresent() ? String.valueOf(v.getAsInt()) : "?";
    }
}
