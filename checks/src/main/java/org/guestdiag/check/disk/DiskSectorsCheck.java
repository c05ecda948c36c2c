package org.guestdiag.check.disk;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Partition;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** Logical and physical sector sizes, and partitions that do not start on a physical sector. */
public final class DiskSectorsCheck implements Check {
    @Override public String name() { return "disk-sectors"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    @Override public List<Source<?>> optional() { return Machine.SOURCES; }

    @Override
    public void run(Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's disks: the hypervisor check says so once
        for (Disk d : inv.get(Sources.DISKS)) {
            if (d.pseudo()) continue;
            var q = d.queue();
            if (q.logicalBlockSize().isEmpty() || q.physicalBlockSize().isEmpty()) continue;
            int lbs = q.logicalBlockSize().getAsInt();
            int pbs = q.physicalBlockSize().getAsInt();
            // a physical disk reports its own format: 512/512 there is a 512n disk, not QEMU's default
            if (lbs == 512 && pbs == 512 && machine.vm() && !d.passedThrough()) {
                out.add(Finding.of("disk.sector-size", Severity.INFO, d.name())
                        .summary(d.name() + " reports 512-byte physical sectors")
                        .evidence("/sys/block/" + d.name() + "/queue/logical_block_size", lbs)
                        .evidence("/sys/block/" + d.name() + "/queue/physical_block_size", pbs)
                        .why("QEMU reports 512/512 unless told otherwise, whatever the storage underneath. Most SSDs, ZFS "
                                + "(ashift=12) and Ceph work in 4 KiB: a guest filesystem that believes in 512-byte sectors may "
                                + "issue partial writes the host must turn into read-modify-write. Telling the guest 4 KiB physical "
                                + "(512e) lets it align without changing the disk's format.")
                        .remedy("qm set <vmid> --args '-global scsi-hd.physical_block_size=4096' (virtio-blk: "
                                        + "-global virtio-blk-pci.physical_block_size=4096), where the backing store works in 4 KiB",
                                "virsh edit <domain>: <blockio logical_block_size='512' physical_block_size='4096'/> inside the disk's <disk> "
                                        + "element; applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                "-device scsi-hd,…,physical_block_size=4096 (or virtio-blk-pci,…,physical_block_size=4096)"));
            }
            for (Partition p : d.partitions()) {
                long startBytes = p.startSector() * 512;
                boolean misaligned = pbs > 0 && startBytes % pbs != 0;
                boolean offset = p.alignmentOffset().isPresent() && p.alignmentOffset().getAsLong() != 0;
                if (misaligned || offset) {
                    Finding.Builder f = Finding.of("disk.partition-misaligned", Severity.WARNING, p.name())
                            .summary("Partition " + p.name() + " starts at byte " + startBytes + ", not on a " + pbs + "-byte physical sector")
                            .evidence("/sys/block/" + d.name() + "/" + p.name() + "/start", p.startSector() + " (512-byte sectors)")
                            .evidence("/sys/block/" + d.name() + "/queue/physical_block_size", pbs);
                    p.alignmentOffset().ifPresent(a -> f.evidence("/sys/block/" + d.name() + "/" + p.name() + "/alignment_offset", a));
                    out.add(f.why("Every write that straddles two physical sectors makes the storage read, merge and rewrite both.")
                            .remedy(org.guestdiag.check.Remedy.guest("recreate the partition starting on a 1 MiB boundary (parted -a optimal), then restore its data")));
                }
            }
        }
    }
}
