package org.guestdiag.check.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Finding;
import org.guestdiag.model.Disk;
import org.guestdiag.model.DiskState;
import org.guestdiag.model.Mount;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.StorageLogEvent;
import org.guestdiag.read.Sources;
import org.guestdiag.read.StorageLogParser;
import org.guestdiag.read.Inventory;

/**
 * What the ext4/XFS and disk checks share: the log's events, which mounts a filesystem has, which of its
 * events belong to the current mount, and what is wrong with the disks under it, so that every finding
 * about a filesystem names the failing disk beneath it and the report tells one story.
 */
final class Storage {
    private Storage() { }

    static final String AREA = "filesystem";

    static List<StorageLogEvent> events(Inventory inv) {
        return inv.find(Sources.KERNEL_LOG).map(StorageLogParser::parse).orElse(List.of());
    }

    /** The mounts of this filesystem, by major:minor (mountinfo's source may be a /dev/mapper or by-uuid name). */
    static List<Mount> mountsOf(StorageFilesystem fs, List<Mount> mounts) {
        return mounts.stream().filter(m -> m.fsType().equals(fs.fsType()) && fs.devNumber().map(m.devNumber()::equals).orElse(false)).toList();
    }

    static List<StorageLogEvent> sinceMount(StorageFilesystem fs, List<StorageLogEvent> events) {
        return ReadonlyReason.sinceMount(fs, events);
    }

    /** I/O error lines about a disk: its own name, one of its partitions, or a device-mapper device on it alone. */
    static List<StorageLogEvent.IoError> ioErrors(String disk, Inventory inv, List<StorageLogEvent> events) {
        List<String> names = new ArrayList<>(List.of(disk));
        inv.find(Sources.DISKS).orElse(List.of()).stream().filter(d -> d.name().equals(disk))
                .flatMap(d -> d.partitions().stream()).forEach(p -> names.add(p.name()));
        for (StorageFilesystem fs : inv.find(Sources.FILESYSTEMS).orElse(List.of())) {
            if (fs.disks().equals(List.of(disk))) names.add(fs.device());
        }
        List<StorageLogEvent.IoError> out = new ArrayList<>();
        for (StorageLogEvent e : events) {
            if (e instanceof StorageLogEvent.IoError io && names.contains(io.device())) out.add(io);
        }
        return out;
    }

    static Optional<DiskState> state(String disk, Inventory inv) {
        return inv.find(Sources.DISK_STATE).orElse(List.of()).stream().filter(s -> s.name().equals(disk)).findFirst();
    }

    /** One line per troubled disk under the filesystem (offline, timeouts, I/O errors in the log); empty when all look well. */
    static List<String> diskTrouble(StorageFilesystem fs, Inventory inv, List<StorageLogEvent> events) {
        List<String> out = new ArrayList<>();
        for (String disk : fs.disks()) trouble(disk, inv, events).ifPresent(out::add);
        return out;
    }

    static Optional<String> trouble(String disk, Inventory inv, List<StorageLogEvent> events) {
        List<String> what = new ArrayList<>();
        Optional<DiskState> s = state(disk, inv);
        s.filter(d -> !d.working()).flatMap(DiskState::state).ifPresent(st -> what.add("state " + st));
        s.ifPresent(d -> d.timeouts().ifPresent(t -> { if (t > 0) what.add(t + " command timeouts"); }));
        int io = ioErrors(disk, inv, events).size();
        if (io > 0) what.add(io + " I/O error line" + (io == 1 ? "" : "s") + " in the kernel log");
        if (what.isEmpty()) return Optional.empty();
        return Optional.of("/dev/" + disk + ": " + String.join(", ", what));
    }

    /** Adds the disks' trouble as evidence and to the summary: "…; disk /dev/sdb: state offline". */
    static String withDisks(Finding.Builder f, String summary, List<String> trouble) {
        for (String t : trouble) f.evidence("disk under it", t);
        return trouble.isEmpty() ? summary : summary + "; the disk under it is failing (" + String.join("; ", trouble) + ")";
    }

    static String mountPoint(List<Mount> mounts) {
        return mounts.isEmpty() ? "" : mounts.get(0).mountPoint();
    }

    static String subject(StorageFilesystem fs, List<Mount> mounts) {
        return mounts.isEmpty() ? "/dev/" + fs.device() : mounts.get(0).mountPoint();
    }

    static String sys(StorageFilesystem fs, String rel) {
        return "/sys/fs/" + fs.fsType() + "/" + fs.device() + "/" + rel;
    }

    static boolean isDisk(Inventory inv, String name) {
        return inv.find(Sources.DISKS).orElse(List.of()).stream().map(Disk::name).anyMatch(name::equals);
    }
}
