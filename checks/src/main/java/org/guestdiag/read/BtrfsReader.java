package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsAllocation;
import org.guestdiag.model.BtrfsChecksum;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.Mount;
import org.guestdiag.model.DeviceErrors;

/**
 * Mounted btrfs filesystems from /sys/fs/btrfs/FSID (Documentation/ABI/testing/sysfs-fs-btrfs). No btrfs
 * (no directory) is an empty list: not applicable, not a failure. Where sysfs lacks the error counters
 * (kernels before 5.14) and this is the live machine, {@link BtrfsIoctlReader} asks the kernel instead.
 */
public final class BtrfsReader implements Source<List<BtrfsFilesystem>> {
    private static final Pattern FSID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> PROFILES = Set.of("single", "dup", "raid0", "raid1", "raid10", "raid5", "raid6", "raid1c3", "raid1c4");
    private static final Pattern CHECKSUM = Pattern.compile("^([a-z0-9]+) \\(([A-Za-z0-9_.-]+)\\)$");

    @Override
    public String name() {
        return "btrfs";
    }

    @Override
    public boolean dynamic() {
        return true; // error counters, missing devices and allocation move while the VM runs
    }

    @Override
    public List<BtrfsFilesystem> read(Root root, Problems problems) {
        return read(root, problems, Map.of());
    }

    /**
     * What moves while a btrfs is mounted is read again: its devices (devinfo: which devids, missing,
     * writeable, error counters), the allocation counters and the global reserve. What changes only by an
     * administrator's command (label, checksum, features, node and sector size, the member block devices and
     * their sizes, the allocation profiles) is kept from {@code previous} until the next full read. A
     * filesystem mounted since is read whole. This is 19 attributes and one directory a filesystem instead of
     * 25 attributes and 7 directories, at every refresh of a scraped server.
     */
    @Override
    public List<BtrfsFilesystem> reread(Root root, Problems problems, List<BtrfsFilesystem> previous) {
        Map<String, BtrfsFilesystem> before = new HashMap<>();
        for (BtrfsFilesystem fs : previous) before.put(fs.fsid(), fs);
        return read(root, problems, before);
    }

    private static List<BtrfsFilesystem> read(Root root, Problems problems, Map<String, BtrfsFilesystem> before) {
        List<BtrfsFilesystem> list = new ArrayList<>();
        BtrfsIoctlReader.MountPoints mounts = null; // read once, and only when a filesystem needs the ioctls
        for (String fsid : root.list(root.sys("fs/btrfs"))) {
            if (!FSID.matcher(fsid).matches()) continue; // features/ is the module's, not a filesystem
            Path dir = root.sys("fs/btrfs/" + fsid);
            BtrfsFilesystem known = before.get(fsid);
            BtrfsFilesystem fs = known == null ? readOne(root, dir, fsid, problems) : moving(root, dir, known, problems);
            if (!BtrfsIoctlReader.needed(root, fs)) {
                list.add(fs);
                continue;
            }
            if (mounts == null) mounts = new BtrfsIoctlReader.MountPoints(root, problems.guard(() -> BtrfsIoctlReader.btrfsMounts(root), List.<Mount>of()));
            BtrfsIoctlReader.MountPoints btrfsMounts = mounts;
            list.add(problems.guard(() -> BtrfsIoctlReader.complete(root, fs, btrfsMounts), fs));
        }
        return list;
    }

    private static BtrfsFilesystem readOne(Root root, Path dir, String fsid, Problems problems) {
        Optional<String> label = Attributes.string(root, dir.resolve("label"), problems);
        Optional<BtrfsChecksum> checksum = problems.guard(() -> root.attribute(dir.resolve("checksum"))
                .map(t -> parseChecksum(t, root.display(dir.resolve("checksum")))), Optional.empty());
        List<BtrfsMember> members = new ArrayList<>();
        for (String name : root.list(dir.resolve("devices"))) {
            // devices/NAME links to the block device's kobject: its size is in 512-byte sectors whatever the sector size
            OptionalLong sectors = Attributes.number(root, dir.resolve("devices/" + name + "/size"), problems);
            members.add(new BtrfsMember(name, sectors.isPresent() ? OptionalLong.of(sectors.getAsLong() * 512) : OptionalLong.empty()));
        }
        Map<String, Optional<String>> profiles = new LinkedHashMap<>();
        Map<String, List<String>> profileNames = new LinkedHashMap<>();
        for (String type : BtrfsFilesystem.ALLOCATION_TYPES) {
            Path a = dir.resolve("allocation/" + type);
            if (!root.isDirectory(a)) continue;
            List<String> names = root.list(a).stream().filter(PROFILES::contains).toList();
            profiles.put(type, names.stream().findFirst());
            profileNames.put(type, names);
        }
        return new BtrfsFilesystem(fsid, label, devices(root, dir, members, problems), members, allocation(root, dir, profiles, profileNames, problems),
                checksum, root.list(dir.resolve("features")), Attributes.number(root, dir.resolve("nodesize"), problems),
                Attributes.number(root, dir.resolve("sectorsize"), problems),
                Attributes.number(root, dir.resolve("allocation/global_rsv_size"), problems));
    }

    /** {@code known} with what moves read again. */
    private static BtrfsFilesystem moving(Root root, Path dir, BtrfsFilesystem known, Problems problems) {
        Map<String, Optional<String>> profiles = new LinkedHashMap<>();
        Map<String, List<String>> profileNames = new LinkedHashMap<>();
        known.allocation().forEach((type, a) -> {
            profiles.put(type, a.profile());
            profileNames.put(type, a.profileTotals().stream().map(BtrfsAllocation.ProfileTotal::profile).toList());
        });
        return new BtrfsFilesystem(known.fsid(), known.label(), devices(root, dir, known.members(), problems), known.members(),
                allocation(root, dir, profiles, profileNames, problems), known.checksum(), known.features(), known.nodesize(), known.sectorsize(),
                Attributes.number(root, dir.resolve("allocation/global_rsv_size"), problems));
    }

    private static List<BtrfsDevice> devices(Root root, Path dir, List<BtrfsMember> members, Problems problems) {
        List<String> ids = root.list(dir.resolve("devinfo"));
        // devinfo does not name the block device; with one member and one devid the name is certain
        Optional<BtrfsMember> only = members.size() == 1 && ids.size() == 1 ? Optional.of(members.get(0)) : Optional.empty();
        List<BtrfsDevice> devices = new ArrayList<>();
        for (String id : ids) {
            long devid;
            try {
                devid = Long.parseLong(id);
            } catch (NumberFormatException e) {
                continue;
            }
            Path d = dir.resolve("devinfo/" + id);
            Optional<DeviceErrors> errors = problems.guard(() -> root.text(d.resolve("error_stats"))
                    .map(t -> parseErrorStats(t, root.display(d.resolve("error_stats")))), Optional.empty());
            devices.add(new BtrfsDevice(devid, only.map(BtrfsMember::name),
                    flag(root, d.resolve("missing"), problems), flag(root, d.resolve("writeable"), problems),
                    only.map(BtrfsMember::sizeBytes).orElse(OptionalLong.empty()), OptionalLong.empty(), errors));
        }
        return devices;
    }

    /** The counters of each allocation type present, with the profile given for it and every profile's total. */
    private static Map<String, BtrfsAllocation> allocation(Root root, Path dir, Map<String, Optional<String>> profiles,
                                                           Map<String, List<String>> profileNames, Problems problems) {
        Map<String, BtrfsAllocation> allocation = new LinkedHashMap<>();
        profiles.forEach((type, profile) -> {
            Path a = dir.resolve("allocation/" + type);
            // per profile: disk_total counts RAID5/6 chunks without their parity, their raw size needs the logical total
            List<BtrfsAllocation.ProfileTotal> totals = new ArrayList<>();
            for (String p : profileNames.getOrDefault(type, List.of())) {
                totals.add(new BtrfsAllocation.ProfileTotal(p, Attributes.number(root, a.resolve(p + "/total_bytes"), problems)));
            }
            allocation.put(type, new BtrfsAllocation(type, Attributes.number(root, a.resolve("total_bytes"), problems),
                    Attributes.number(root, a.resolve("bytes_used"), problems), Attributes.number(root, a.resolve("disk_total"), problems),
                    Attributes.number(root, a.resolve("disk_used"), problems), profile, totals));
        });
        return allocation;
    }

    private static Optional<Boolean> flag(Root root, Path p, Problems problems) {
        OptionalLong v = Attributes.number(root, p, problems);
        return v.isPresent() ? Optional.of(v.getAsLong() != 0) : Optional.empty();
    }

    /** {@code crc32c (crc32c-intel)}: the algorithm, then the crypto driver in parentheses (fs/btrfs/sysfs.c, 5.5+). */
    static BtrfsChecksum parseChecksum(String text, String file) {
        var m = CHECKSUM.matcher(text.strip());
        if (!m.matches()) throw new ReadException(file, 1, text, "expected 'ALGORITHM (DRIVER)'");
        return new BtrfsChecksum(m.group(1), m.group(2));
    }

    /**
     * devinfo/N/error_stats: {@code write_errs 7} and so on, one counter per line (fs/btrfs/sysfs.c,
     * btrfs_devinfo_error_stats_show). A counter not in the file stays absent; an unknown name is kept out
     * rather than failing, so a future counter does not break the others.
     */
    static DeviceErrors parseErrorStats(String text, String file) {
        Map<String, Long> v = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            if (f.length != 2) throw new ReadException(file, i + 1, lines[i], "expected 'NAME COUNT'");
            try {
                long n = Long.parseLong(f[1]);
                if (n < 0) throw new NumberFormatException();
                v.put(f[0], n);
            } catch (NumberFormatException e) {
                throw new ReadException(file, i + 1, lines[i], "count is not a non-negative number");
            }
        }
        if (v.isEmpty()) throw new ReadException(file, "empty: no counters");
        return new DeviceErrors(Attributes.field(v, "write_errs"), Attributes.field(v, "read_errs"), Attributes.field(v, "flush_errs"), Attributes.field(v, "corruption_errs"),
                Attributes.field(v, "generation_errs"), "sysfs");
    }
}
