package org.guestdiag.check.storage;

import java.util.List;
import java.util.Locale;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * An ext4 or XFS the kernel stopped writing to after an error ({@link ReadonlyReason}). Services then fail
 * on every write while reads still work, which is easy to miss; from 6.12 (and its stable backports, Debian's 6.1.192 among them) an ext4 even keeps reading
 * {@code rw} in /proc/mounts, so only the kernel log (or, from 6.15, {@code emergency_ro}) tells.
 */
public final class FilesystemReadonlyCheck implements Check {
    @Override public String name() { return "fs-readonly"; }
    @Override public String area() { return Storage.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.FILESYSTEMS, Sources.MOUNTS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.KERNEL_LOG, Sources.DISK_STATE, Sources.DISKS); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Mount> mounts = inv.get(Sources.MOUNTS);
        List<StorageLogEvent> events = Storage.events(inv);
        for (StorageFilesystem fs : inv.get(Sources.FILESYSTEMS)) {
            List<Mount> own = Storage.mountsOf(fs, mounts);
            List<StorageLogEvent> since = Storage.sinceMount(fs, events);
            ReadonlyReason reason = ReadonlyReason.of(fs, own.stream().findFirst(), since);
            if (reason.byKernel()) out.add(finding(fs, own, reason, ReadonlyReason.stops(fs, since), Storage.diskTrouble(fs, inv, events)));
        }
    }

    private static Finding.Builder finding(StorageFilesystem fs, List<Mount> mounts, ReadonlyReason reason, List<StorageLogEvent> said,
                                           List<String> disks) {
        boolean xfs = fs.fsType().equals("xfs");
        String where = mounts.isEmpty() ? "/dev/" + fs.device() : "/dev/" + fs.device() + " on " + Storage.mountPoint(mounts);
        String what = xfs ? "was shut down by the kernel" : reason == ReadonlyReason.SHUTDOWN
                ? "was stopped by the kernel (its journal aborted or it went read-only), although the mount still reads rw"
                : "was made read-only by the kernel";
        String at = said.isEmpty() ? "" : String.format(Locale.ROOT, " at %.1f s after boot", said.get(0).record().seconds());
        Finding.Builder f = Finding.of(xfs ? "fs.xfs-shutdown" : "fs.ext4-readonly", Severity.CRITICAL, Storage.subject(fs, mounts));
        f.summary(Storage.withDisks(f, fs.fsType() + " " + where + " " + what + at + "; writes now fail", disks));
        for (Mount m : mounts) {
            f.evidence("/proc/self/mountinfo " + m.mountPoint(), "mount options " + String.join(",", m.mountOptions())
                    + ", super options " + String.join(",", m.superOptions()));
        }
        for (StorageLogEvent e : said) f.evidence("kernel log", e.record().display());
        if (said.isEmpty()) f.evidence("kernel log", "no line about it left in the ring buffer (overwritten, or not readable)");
        f.why((xfs
                ? "XFS shuts a filesystem down when it cannot write its log or metadata, or finds them corrupt: every later "
                        + "access fails with EIO until it is unmounted, and the mount options never show it. "
                : "ext4 mounted with errors=remount-ro stops all writes at the first error it detects, to keep the damage "
                        + "from spreading; from kernel 6.12 (and stable kernels it was backported to) it no longer marks the superblock read-only, so /proc/mounts keeps "
                        + "saying rw while every write fails. ")
                + "Under a VM the cause is almost always the virtual disk returning errors: host storage full or failing "
                + "(thin pool, ZFS, Ceph), an I/O timeout, a cache mode that loses flushes, or a controller resetting.");
        String dev = "/dev/" + fs.device();
        f.remedy(new Remedy("check the host first: free space of the storage (pvesm status, zpool list, lvs), host dmesg for I/O "
                        + "errors, and the disk line of qm config <vmid> (cache=none or writeback, not unsafe)",
                "check the host first: free space of the storage (virsh pool-info <pool>, zpool list, lvs), host dmesg for I/O "
                        + "errors, and the disk's <driver> in virsh dumpxml <domain> (cache='none' or 'writeback', not 'unsafe'; "
                        + "error_policy='stop' rerror_policy='stop' pauses the domain on host errors)",
                "-drive ...,werror=stop,rerror=stop to pause the VM on host errors instead of passing them to the guest",
                "after the host cause is fixed: umount " + (mounts.isEmpty() ? dev : Storage.mountPoint(mounts)) + ", then "
                        + (xfs ? "xfs_repair " + dev + " (mount once first to replay the log)" : "e2fsck -f " + dev)
                        + ", and mount it again"));
        return f;
    }
}
