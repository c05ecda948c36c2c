package org.guestdiag.check.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.DiskState;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Disks the kernel gave up on or that fail I/O. A SCSI device {@code offline} (or an NVMe controller
 * {@code dead}) gets no more I/O at all: critical. Command timeouts (iotmo_cnt) and the block layer's
 * {@code I/O error, dev X} lines are real reads and writes that failed: a warning. ioerr_cnt is not judged:
 * scsi_complete counts every command that ends with any status but GOOD, which includes probes a disk
 * rejects and the SMART pass-through this agent itself sends, so a healthy emulated disk shows it non-zero.
 */
public final class DiskStateCheck implements Check {
    @Override public String name() { return "disk-state"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISK_STATE); }
    @Override public List<Source<?>> optional() { return List.of(Sources.KERNEL_LOG, Sources.FILESYSTEMS, Sources.MOUNTS, Sources.DISKS); }

    @Override
    public void run(Inventory inv, Report out) {
        List<StorageLogEvent> events = Storage.events(inv);
        for (DiskState d : inv.get(Sources.DISK_STATE)) {
            List<String> on = filesystemsOn(d.name(), inv);
            if (!d.working()) out.add(offline(d, on));
            List<StorageLogEvent.IoError> io = Storage.ioErrors(d.name(), inv, events);
            long timeouts = d.timeouts().orElse(0);
            if (!io.isEmpty() || timeouts > 0) out.add(ioErrors(d, io, timeouts, on));
        }
    }

    /** Mount points (or devices) of the ext4/XFS filesystems on this disk. */
    private static List<String> filesystemsOn(String disk, Inventory inv) {
        List<Mount> mounts = inv.find(Sources.MOUNTS).orElse(List.of());
        List<String> out = new ArrayList<>();
        for (StorageFilesystem fs : inv.find(Sources.FILESYSTEMS).orElse(List.of())) {
            if (fs.disks().contains(disk)) out.add(fs.fsType() + " " + Storage.subject(fs, Storage.mountsOf(fs, mounts)));
        }
        return out;
    }

    private static String carrying(List<String> on) {
        return on.isEmpty() ? "" : " (it carries " + String.join(", ", on) + ")";
    }

    private static Finding.Builder offline(DiskState d, List<String> on) {
        String state = d.state().orElse("");
        Finding.Builder f = Finding.of("disk.offline", Severity.CRITICAL, d.name())
                .summary("disk /dev/" + d.name() + " is " + state + ": the kernel sends it no more I/O" + carrying(on))
                .evidence("/sys/block/" + d.name() + "/device/state", state);
        d.ioErrors().ifPresent(n -> f.evidence("/sys/block/" + d.name() + "/device/ioerr_cnt", n));
        d.timeouts().ifPresent(n -> f.evidence("/sys/block/" + d.name() + "/device/iotmo_cnt", n));
        f.why("The SCSI layer sets a device offline when error recovery fails (commands time out and resets do not help), "
                + "and an NVMe controller goes dead when it cannot be reset; blocked and resetting mean recovery is running. "
                + "Every read and write to it fails, so the filesystems on it stop. Under a VM this is the host not answering "
                + "the virtual disk: storage hung or gone (NFS/iSCSI/Ceph down, a full thin pool with werror=stop off), or QEMU's I/O stuck.");
        f.remedy(new Remedy("check the host: dmesg and journalctl for the VM's storage, pvesm status, the disk line of qm config <vmid>",
                "check the host: dmesg and journalctl for the domain's storage, virsh domblkerror <domain>, virsh pool-list --all; "
                        + "<driver name='qemu' error_policy='stop' rerror_policy='stop'/> on the disk (virsh edit <domain>) pauses the domain on host errors instead of the guest losing the disk",
                "-drive ...,werror=stop,rerror=stop pauses the VM on host errors instead of the guest losing the disk",
                "once the host storage answers again: echo running > /sys/block/" + d.name() + "/device/state (SCSI), "
                        + "or reboot; then check the filesystems on it"));
        return f;
    }

    private static Finding.Builder ioErrors(DiskState d, List<StorageLogEvent.IoError> io, long timeouts, List<String> on) {
        List<String> what = new ArrayList<>();
        if (!io.isEmpty()) what.add(io.size() + " failed I/O request" + (io.size() == 1 ? "" : "s") + " in the kernel log");
        if (timeouts > 0) what.add(timeouts + " command timeout" + (timeouts == 1 ? "" : "s"));
        Finding.Builder f = Finding.of("disk.io-errors", Severity.WARNING, d.name())
                .summary("disk /dev/" + d.name() + " failed I/O: " + String.join(", ", what) + carrying(on));
        d.timeouts().ifPresent(n -> f.evidence("/sys/block/" + d.name() + "/device/iotmo_cnt", n));
        Optional<StorageLogEvent.IoError> last = io.isEmpty() ? Optional.empty() : Optional.of(io.get(io.size() - 1));
        for (StorageLogEvent.IoError e : io.stream().limit(3).toList()) f.evidence("kernel log", e.record().display());
        last.filter(e -> io.size() > 3).ifPresent(e -> f.evidence("kernel log (latest)", e.record().display()));
        f.why("These are reads or writes the disk failed, not probes: the block layer prints them only for filesystem and "
                + "application I/O. Under a VM the virtual disk passes on what the host storage returned (full, failing, timing out).");
        f.remedy(new Remedy("check the host's storage and dmesg for errors on the image or volume behind this disk",
                "check the host's storage and dmesg for errors on the image or volume behind this disk (virsh domblklist <domain> names "
                        + "it; virsh domblkerror <domain>)",
                "-drive ...,werror=stop,rerror=stop",
                "check the filesystems on it (e2fsck -n, xfs_repair -n, btrfs scrub) once the host is healthy"));
        return f;
    }
}
