package org.guestdiag.check.btrfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.storage.DiskTrouble;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.DeviceErrors;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * The persistent per-device error counters of every btrfs. Write, flush, corruption and generation errors
 * mean data did not reach the disk or came back wrong: critical. Read errors alone may have been repaired
 * from a mirror: a warning. Where neither sysfs nor the ioctl gave counters, the last
 * {@code bdev … errs:} line of the kernel log stands in.
 */
public final class BtrfsDeviceErrorsCheck implements Check {
    @Override public String name() { return "btrfs-device-errors"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS); }
    @Override public List<Source<?>> optional() {
        return List.of(Sources.KERNEL_LOG, Sources.DISK_STATE, Sources.DISKS, Sources.FILESYSTEMS, Sources.CPU, Sources.HYPERVISOR);
    }

    @Override
    public void run(Inventory inv, Report out) {
        List<BtrfsLogEvent> events = Btrfs.events(inv);
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            List<BtrfsLogEvent> own = Btrfs.eventsOf(fs, events);
            for (Btrfs.Counters c : Btrfs.counters(fs, events)) judge(fs, c.devid(), c.name(), c.errors(), own, inv, out);
        }
    }

    private static void judge(BtrfsFilesystem fs, String devid, Optional<String> name, DeviceErrors e, List<BtrfsLogEvent> own,
                              Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        List<String> bad = new ArrayList<>();
        boolean critical = false;
        for (Map.Entry<String, OptionalLong> c : e.byType().entrySet()) {
            if (c.getValue().isEmpty()) continue;
            long v = c.getValue().getAsLong();
            if (v > 0) {
                bad.add(v + " " + c.getKey());
                if (!c.getKey().equals("read")) critical = true;
            }
        }
        if (bad.isEmpty()) return;
        String dev = Btrfs.devName(name);
        Optional<String> trouble = name.flatMap(n -> DiskTrouble.of(n, inv));
        Finding.Builder f = Finding.of("btrfs.device-errors", critical ? Severity.CRITICAL : Severity.WARNING, dev)
                .summary("btrfs " + fs.displayName() + " device " + (devid.isEmpty() ? "" : "devid " + devid + " ") + "(" + dev + ") has "
                        + String.join(", ", bad) + (bad.size() == 1 && bad.get(0).startsWith("1 ") ? " error" : " errors")
                        // the disk's own story (offline, timeouts, failed I/O lines), as the ext4/XFS findings tell it
                        + trouble.map(t -> "; the disk under it is failing (" + t + ")").orElse(""))
                .evidence(source(fs, devid, e), String.join(", ", bad) + " (" + e.origin() + ")");
        trouble.ifPresent(t -> f.evidence("disk under it", t));
        List<BtrfsLogEvent> lines = own.stream().filter(x -> name.map(x.device()::equals).orElse(false)
                && (x instanceof BtrfsLogEvent.DeviceErrorsLine || x instanceof BtrfsLogEvent.Corruption)).toList();
        if (!lines.isEmpty()) f.evidence("kernel log (first)", lines.get(0).record().display());
        if (lines.size() > 1) f.evidence("kernel log (last of " + lines.size() + ")", lines.get(lines.size() - 1).record().display());
        f.why(critical
                ? "Write and flush errors mean the virtual disk refused data btrfs sent; corruption and generation errors mean "
                        + "blocks came back with a wrong checksum or from an older transaction (a lost write). Without a second "
                        + "copy (RAID1/DUP) that data is gone, and the next metadata write error forces the filesystem read-only. "
                        + "The counters never decrease: they count since the last reset, possibly long ago."
                : "Read errors on a mirrored profile are repaired from the other copy, but they show the disk or the path to it "
                        + "failing. The counters never decrease: they count since the last reset.");
        f.remedy(machine.here(new Remedy("look for the cause on the host: its dmesg and the storage under the disk (smartctl, zpool status, "
                        + "ceph health); qm config <vmid> for the disk's cache and aio options",
                "look for the cause on the host: its dmesg, virsh domblkerror <domain>, and the storage under the disk (virsh "
                        + "domblklist <domain> names it; smartctl, zpool status); virsh dumpxml <domain> for the disk's <driver> cache and io",
                null,
                "find when it happened (dmesg | grep -i btrfs), run btrfs scrub start -B <mountpoint> to find and, with a "
                        + "mirror, repair damaged blocks; replace a failing disk with btrfs replace start " + (devid.isEmpty() ? "<devid>" : devid)
                        + " /dev/NEW <mountpoint>. Only after the cause is fixed and a scrub is clean: btrfs device stats -z "
                        + "<mountpoint>, so new errors stand out")));
        out.add(f);
    }

    private static String source(BtrfsFilesystem fs, String devid, DeviceErrors e) {
        return switch (e.origin()) {
            case "sysfs" -> Btrfs.sys(fs, "devinfo/" + devid + "/error_stats");
            case "ioctl" -> "BTRFS_IOC_GET_DEV_STATS devid " + devid;
            default -> "kernel log bdev errs line";
        };
    }
}
