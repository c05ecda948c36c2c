package org.guestdiag.check.btrfs;

import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.Mount;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * A btrfs the kernel forced read-only. It keeps {@code rw} in the per-mount options of mountinfo while the
 * super options say {@code ro} (seen on 6.1 in the lab); later writes fail with EIO, not EROFS, so
 * applications report odd errors and nobody notices the filesystem stopped. The kernel log says why.
 */
public final class BtrfsReadonlyCheck implements Check {
    @Override public String name() { return "btrfs-readonly"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.MOUNTS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.BTRFS, Sources.KERNEL_LOG, Sources.CPU, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Mount> mounts = inv.get(Sources.MOUNTS);
        List<BtrfsFilesystem> filesystems = inv.find(Sources.BTRFS).orElse(List.of());
        List<BtrfsLogEvent> events = Btrfs.events(inv);
        for (Mount m : mounts) {
            if (!m.fsType().equals("btrfs")) continue;
            if (!Btrfs.readonlyReason(m).equals("forced")) continue;
            Optional<BtrfsFilesystem> fs = Btrfs.of(m, filesystems, events);
            forced(m, fs, fs.map(f -> Btrfs.eventsOf(f, events)).orElse(List.of()), Machine.of(inv), out);
        }
    }

    private static void forced(Mount m, Optional<BtrfsFilesystem> fs, List<BtrfsLogEvent> own, Machine machine, Report out) {
        String name = fs.map(BtrfsFilesystem::displayName).orElse(m.source());
        List<BtrfsLogEvent> said = own.stream().filter(e -> e instanceof BtrfsLogEvent.ForcedReadonly || e instanceof BtrfsLogEvent.Failure).toList();
        Optional<BtrfsLogEvent> first = said.stream().filter(e -> e instanceof BtrfsLogEvent.Failure).findFirst();
        Finding.Builder f = Finding.of("btrfs.forced-readonly", Severity.CRITICAL, m.mountPoint())
                .summary("btrfs " + name + " on " + m.mountPoint() + " was forced read-only by the kernel"
                        + first.map(e -> " at " + String.format(java.util.Locale.ROOT, "%.1f", e.record().seconds()) + " s after boot: "
                                + "errno=" + ((BtrfsLogEvent.Failure) e).errno() + " " + errnoName(((BtrfsLogEvent.Failure) e).errno())).orElse("")
                        + "; writes now fail")
                .evidence("/proc/self/mountinfo " + m.mountPoint(), "mount options " + String.join(",", m.mountOptions())
                        + ", super options " + String.join(",", m.superOptions()));
        for (BtrfsLogEvent e : said) f.evidence("kernel log", e.record().display());
        if (said.isEmpty()) f.evidence("kernel log", "no btrfs error lines left in the ring buffer (overwritten, or not readable)");
        f.why("btrfs stops all writes when a transaction cannot be committed, to protect the on-disk state. Under a VM this is "
                + "almost always the virtual disk returning errors: the host storage full or failing (thin pool, ZFS, Ceph), an "
                + "I/O timeout, a disk cache mode that loses flushes, or a controller resetting. Until remounted, every write "
                + "fails with EIO (not EROFS), so services fail in odd ways.");
        f.remedy(machine.here(new Remedy("check the host first: free space of the storage (pvesm status, zpool list, lvs), host dmesg for I/O "
                        + "errors, and the disk line of qm config <vmid> (cache=none or writeback, not unsafe; aio; one "
                        + "controller per disk with qm set <vmid> --scsihw virtio-scsi-single)",
                "check the host first: free space of the storage (virsh pool-info <pool>, zpool list, lvs), host dmesg for I/O "
                        + "errors, and the disk's driver in virsh edit <domain>: " + "<driver name='qemu' cache='none' io='native' error_policy='stop' rerror_policy='stop'/>"
                        + " (not cache='unsafe') pauses the domain on host errors instead of passing them to the guest",
                "-drive ...,cache=none,aio=native (or io_uring), werror=stop,rerror=stop to pause the VM on host errors "
                        + "instead of passing them to the guest",
                "after the host cause is fixed: umount " + m.mountPoint() + " (or reboot), mount again, then btrfs device stats "
                        + m.mountPoint() + " and btrfs scrub start -B " + m.mountPoint() + "; reset counters with "
                        + "btrfs device stats -z only once the scrub is clean")));
        out.add(f);
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case -5 -> "(EIO: the disk returned an I/O error)";
            case -28 -> "(ENOSPC: no space for metadata)";
            case -12 -> "(ENOMEM)";
            case -117 -> "(EUCLEAN: corrupted metadata)";
            case -30 -> "(EROFS)";
            default -> "";
        };
    }
}
