package org.guestdiag.check.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Ext4ErrorSite;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Errors ext4 recorded in its superblock (errors_count, first/last_error_* in /sys/fs/ext4/DEV): they stay
 * until e2fsck clears them, so an old error still counts, but one within {@link #RECENT} of the inventory is
 * happening now. With errors=continue the filesystem keeps writing on top of what it found wrong.
 */
public final class FilesystemErrorsCheck implements Check {
    /** An error this recent is taken as ongoing. */
    public static final Duration RECENT = Duration.ofHours(24);

    @Override public String name() { return "fs-errors"; }
    @Override public String area() { return Storage.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.FILESYSTEMS, Sources.MOUNTS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.KERNEL_LOG, Sources.DISK_STATE, Sources.DISKS); }
    @Override public boolean usesTime() { return true; }

    @Override
    public void run(Inventory inv, Report out) {
        List<Mount> mounts = inv.get(Sources.MOUNTS);
        List<StorageLogEvent> events = Storage.events(inv);
        for (StorageFilesystem fs : inv.get(Sources.FILESYSTEMS)) {
            if (!fs.fsType().equals("ext4")) continue;
            long count = fs.errorCount().orElse(0);
            boolean recorded = count > 0 || fs.lastError().map(Ext4ErrorSite::recorded).orElse(false);
            List<StorageLogEvent> logged = Storage.sinceMount(fs, events).stream().filter(e -> e instanceof StorageLogEvent.Ext4Error).toList();
            if (!recorded && logged.isEmpty()) continue;
            out.add(finding(fs, Storage.mountsOf(fs, mounts), logged, inv.takenAt(), Storage.diskTrouble(fs, inv, events)));
        }
    }

    private static Finding.Builder finding(StorageFilesystem fs, List<Mount> mounts, List<StorageLogEvent> logged, Instant now, List<String> disks) {
        boolean recent = fs.lastError().filter(Ext4ErrorSite::recorded)
                .map(s -> Duration.between(Instant.ofEpochSecond(s.time().getAsLong()), now).compareTo(RECENT) < 0).orElse(false);
        String errors = fs.errorCount().isPresent() ? fs.errorCount().getAsLong() + " error" + (fs.errorCount().getAsLong() == 1 ? "" : "s")
                : logged.size() + " error line" + (logged.size() == 1 ? "" : "s") + " in the kernel log";
        String where = "/dev/" + fs.device() + (mounts.isEmpty() ? "" : " on " + Storage.mountPoint(mounts));
        String option = mounts.stream().flatMap(m -> m.superOptions().stream()).filter(o -> o.startsWith("errors=")).findFirst().orElse("");
        Finding.Builder f = Finding.of("fs.ext4-errors", recent ? Severity.CRITICAL : Severity.WARNING, Storage.subject(fs, mounts));
        f.summary(Storage.withDisks(f, "ext4 " + where + " has recorded " + errors
                + fs.lastError().filter(Ext4ErrorSite::recorded).map(s -> ", the last at " + Instant.ofEpochSecond(s.time().getAsLong())
                        + s.function().map(fn -> " in " + fn).orElse("") + (recent ? " (within the last 24 hours)" : "")).orElse(""), disks));
        fs.errorCount().ifPresent(c -> f.evidence(Storage.sys(fs, "errors_count"), c));
        site(f, fs, "first", fs.firstError().orElse(null));
        site(f, fs, "last", fs.lastError().orElse(null));
        for (Mount m : mounts) f.evidence("/proc/self/mountinfo " + m.mountPoint(), "super options " + String.join(",", m.superOptions()));
        for (StorageLogEvent e : logged.stream().limit(5).toList()) f.evidence("kernel log", e.record().display());
        f.why("ext4 counts every inconsistency or I/O failure it detects in its superblock; the count stays until e2fsck "
                + "repairs the filesystem, so these are errors nobody has checked yet. Under a VM they mostly come from the "
                + "virtual disk failing writes or losing flushes (host storage full or failing, cache=unsafe, a crash of the host)."
                + (option.equals("errors=continue") ? " With errors=continue the filesystem keeps writing on top of what it found broken." : ""));
        String dev = "/dev/" + fs.device();
        f.remedy(new Remedy("check the host's storage for errors and free space (pvesm status, host dmesg) and the disk's cache "
                        + "mode in qm config <vmid> (not unsafe)",
                "check the host's storage for errors and free space (virsh pool-info <pool>, host dmesg) and the disk's "
                        + "<driver cache=…> in virsh dumpxml <domain> (not 'unsafe')",
                "-drive ...,cache=none (or writeback), werror=stop,rerror=stop",
                "plan a repair: back up, umount " + (mounts.isEmpty() ? dev : Storage.mountPoint(mounts)) + " (or boot a rescue system for /), "
                        + "e2fsck -f " + dev + "; errors=remount-ro (tune2fs -e remount-ro " + dev + ") stops writes at the next error"));
        return f;
    }

    private static void site(Finding.Builder f, StorageFilesystem fs, String which, Ext4ErrorSite s) {
        if (s == null || !s.recorded()) return;
        StringBuilder b = new StringBuilder(Instant.ofEpochSecond(s.time().getAsLong()).toString());
        s.function().ifPresent(fn -> b.append(", ").append(fn).append(s.line().isPresent() ? ":" + s.line().getAsLong() : ""));
        s.inode().ifPresent(i -> { if (i != 0) b.append(", inode ").append(i); });
        s.block().ifPresent(bl -> { if (bl != 0) b.append(", block ").append(bl); });
        s.errcode().ifPresent(e -> { if (e != 0) b.append(", errcode ").append(e); });
        f.evidence(Storage.sys(fs, which + "_error_*"), b.toString());
    }
}
