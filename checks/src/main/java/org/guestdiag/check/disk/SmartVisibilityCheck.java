package org.guestdiag.check.disk;

import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Disk;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Inventory;

/**
 * Whether the guest can watch a disk's health (S.M.A.R.T.), and if not why, from how the disk is attached.
 * Reading SMART itself is the smart check's work; this one reasons from the bus and the disk's identity.
 */
public final class SmartVisibilityCheck implements Check {
    @Override public String name() { return "smart-visibility"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }

    /** Why the guest cannot see SMART for this disk, or empty when it may. */
    public static Optional<String> hiddenBecause(Disk d) {
        if (d.bus() == Bus.VIRTIO_BLK) {
            return Optional.of("virtio_blk has no SCSI or ATA layer in the guest: SMART commands cannot reach the disk");
        }
        if (d.bus() == Bus.XEN_BLKFRONT) return Optional.of("xen-blkfront passes block I/O only");
        if (d.qemuModel()) {
            return Optional.of("an emulated QEMU disk (" + d.model().orElse("QEMU") + "): QEMU answers SMART with invented data or not at all");
        }
        if (d.model().isEmpty() && d.bus() != Bus.NVME) return Optional.of("the disk has no identity the guest can query");
        return Optional.empty();
    }

    @Override
    public void run(Inventory inv, Report out) {
        for (Disk d : inv.get(Sources.DISKS)) {
            Optional<String> hidden = hiddenBecause(d);
            if (hidden.isPresent()) {
                Finding.Builder f = Finding.of("smart.not-visible", Severity.INFO, d.name())
                        .summary("The guest cannot watch " + d.name() + "'s health (SMART): " + hidden.get())
                        .evidence(Disks.chainEvidence(d));
                d.model().ifPresent(m -> f.evidence("/sys/block/" + d.name() + "/device/model", m));
                out.add(f.why("Failing disks announce themselves in SMART (reallocated and pending sectors) days or weeks ahead. "
                                + "If the guest cannot see it, someone must watch it on the host.")
                        .remedy(new Remedy("pass the physical disk through on virtio-scsi: qm set <vmid> --scsihw virtio-scsi-single "
                                + "--scsi1 /dev/disk/by-id/<disk>; or run smartd on the host",
                                "-device virtio-scsi-pci,id=scsi0 -device scsi-block,bus=scsi0.0,drive=<drive of /dev/sdX>", null)));
            } else {
                out.add(Finding.of("smart.visible", Severity.OK, d.name())
                        .summary("The guest may read " + d.name() + "'s SMART data: " + d.model().orElse("a real disk") + " on " + d.bus().label())
                        .evidence(Disks.chainEvidence(d))
                        .why("A disk passed through with its identity lets smartctl and this agent see its health from the guest."));
            }
        }
    }
}
