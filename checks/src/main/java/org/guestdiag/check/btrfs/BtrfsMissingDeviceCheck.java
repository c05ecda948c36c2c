package org.guestdiag.check.btrfs;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.Mount;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * A btrfs running without one of its devices: {@code devinfo/N/missing} is 1, or it was mounted with
 * {@code -o degraded}. Only a member absent at mount time shows {@code missing=1}; one that vanishes while
 * mounted keeps {@code missing=0} (lab, 6.1) and shows up in the error counters instead.
 */
public final class BtrfsMissingDeviceCheck implements Check {
    @Override public String name() { return "btrfs-devices"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.MOUNTS, Sources.KERNEL_LOG, Sources.CPU, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        List<BtrfsLogEvent> events = Btrfs.events(inv);
        List<Mount> mounts = inv.find(Sources.MOUNTS).orElse(List.of());
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            List<BtrfsDevice> missing = fs.devices().stream().filter(d -> d.missing().orElse(false)).toList();
            List<Mount> degraded = Btrfs.mountsOf(fs, mounts, events).stream()
                    .filter(m -> m.hasSuperOption("degraded") || m.hasMountOption("degraded")).toList();
            if (missing.isEmpty() && degraded.isEmpty()) continue;
            Finding.Builder f = Finding.of("btrfs.missing-device", Severity.CRITICAL, fs.displayName())
                    .summary("btrfs " + fs.displayName() + (missing.isEmpty() ? " is mounted degraded"
                            : " runs without devid " + String.join(", ", missing.stream().map(d -> String.valueOf(d.devid())).toList()))
                            + ": no redundancy left");
            for (BtrfsDevice d : missing) f.evidence(Btrfs.sys(fs, "devinfo/" + d.devid() + "/missing"), "1");
            for (Mount m : degraded) f.evidence("/proc/self/mountinfo " + m.mountPoint(), "super options " + String.join(",", m.superOptions()));
            for (BtrfsLogEvent e : Btrfs.eventsOf(fs, events)) {
                if (e instanceof BtrfsLogEvent.MissingDevice) f.evidence("kernel log", e.record().display());
            }
            f.why("A RAID1/RAID10 btrfs with a device missing keeps only one copy of every block: the next disk error loses "
                    + "data. Writes made while degraded may go to single-profile chunks that stay unprotected after the device "
                    + "returns, until a balance converts them. A degraded mount in fstab hides the next failure at boot.");
            f.remedy(Machine.of(inv).here(new Remedy("check that the VM still has every disk: qm config <vmid> (a scsiN/virtioN line removed or its "
                            + "storage offline?), and pvesm status",
                    "check that the domain still has every disk: virsh domblklist <domain> (a <disk> removed?) and virsh pool-list "
                            + "--all (its storage pool inactive?)",
                    null,
                    "if the disk is back: umount, btrfs device scan, mount without -o degraded, then btrfs scrub start -B "
                            + "<mountpoint> and btrfs balance start -dconvert=raid1,soft -mconvert=raid1,soft <mountpoint>; if it is "
                            + "gone: btrfs replace start <missing devid> /dev/NEW <mountpoint>. Keep degraded out of fstab: mount "
                            + "-o degraded is a one-time rescue, and on kernels before 4.14 a RAID1 mounted degraded read-write "
                            + "once may only mount read-only afterwards")));
            out.add(f);
        }
    }
}
