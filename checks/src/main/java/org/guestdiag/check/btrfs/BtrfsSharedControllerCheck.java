package org.guestdiag.check.btrfs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.Disk;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * A btrfs whose devices sit on a virtio-scsi controller shared with other disks. The controller side and
 * its remedy are the disk-bus check's {@code disk.shared-controller} finding; this one says which btrfs
 * is exposed, because that is the setup under which Proxmox users saw btrfs go read-only.
 */
public final class BtrfsSharedControllerCheck implements Check {
    @Override public String name() { return "btrfs-controller"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS, Sources.DISKS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.KERNEL_LOG); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Disk> disks = inv.get(Sources.DISKS);
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            Set<String> names = Btrfs.deviceNames(fs, Btrfs.events(inv));
            Map<String, Disk> shared = new LinkedHashMap<>();
            for (Disk d : disks) {
                boolean member = names.contains(d.name()) || d.partitions().stream().anyMatch(p -> names.contains(p.name()));
                if (member && d.bus() == Bus.VIRTIO_SCSI && d.controller().map(c -> c.disks() > 1).orElse(false)) {
                    shared.put(d.name(), d);
                }
            }
            if (shared.isEmpty()) continue;
            Finding.Builder f = Finding.of("btrfs.shared-controller", Severity.INFO, fs.displayName())
                    .summary("btrfs " + fs.displayName() + " is on " + String.join(", ", shared.keySet())
                            + ", which shares a virtio-scsi controller with other disks (see finding disk.shared-controller)");
            for (Disk d : shared.values()) {
                f.evidence("/sys/block/" + d.name(), "controller " + d.controller().get().id() + " with " + d.controller().get().disks() + " disks");
            }
            out.add(f.why("Proxmox users have reported btrfs forced read-only after I/O errors on disks that shared one "
                    + "virtio-scsi-pci controller, and no recurrence after giving each disk its own controller (VirtIO SCSI "
                    + "single) with an iothread. Nothing is wrong yet; if this btrfs ever reports errors, this is the first "
                    + "thing to change. The remedy is in disk.shared-controller."));
        }
    }
}
