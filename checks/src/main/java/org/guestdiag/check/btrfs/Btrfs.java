package org.guestdiag.check.btrfs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.Mount;
import org.guestdiag.read.BtrfsLogParser;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Inventory;

/**
 * What the btrfs checks share: which block device names, mounts and kernel log lines belong to a
 * filesystem. sysfs lists members by name but does not say which devid a name is, so the kernel log's
 * "device … devid N … /dev/X scanned" lines fill that in.
 */
final class Btrfs {
    private Btrfs() { }

    static final String AREA = "btrfs";

    static List<BtrfsLogEvent> events(Inventory inv) {
        return inv.find(Sources.KERNEL_LOG).map(BtrfsLogParser::parse).orElse(List.of());
    }

    /** Every device name this filesystem has had in this boot: sysfs members, and the log's lines naming its fsid or label. */
    static Set<String> deviceNames(BtrfsFilesystem fs, List<BtrfsLogEvent> events) {
        Set<String> names = new LinkedHashSet<>();
        for (BtrfsMember m : fs.members()) names.add(m.name());
        for (BtrfsDevice d : fs.devices()) d.name().ifPresent(names::add);
        for (BtrfsLogEvent e : events) {
            if (e instanceof BtrfsLogEvent.FirstMount f && f.fsid().equals(fs.fsid())) names.add(f.device());
            if (e instanceof BtrfsLogEvent.Scanned s && identifies(s, fs)) names.add(s.device());
        }
        return names;
    }

    /** The log events of this filesystem (by the device names it goes by). */
    static List<BtrfsLogEvent> eventsOf(BtrfsFilesystem fs, List<BtrfsLogEvent> events) {
        Set<String> names = deviceNames(fs, events);
        return events.stream().filter(e -> names.contains(e.device())).toList();
    }

    /** The block device of a devid: from sysfs/ioctl when known, else the last scan line of the log for it. */
    static Optional<String> nameOf(BtrfsFilesystem fs, BtrfsDevice d, List<BtrfsLogEvent> events) {
        if (d.name().isPresent()) return d.name();
        Optional<String> scanned = Optional.empty();
        for (BtrfsLogEvent e : events) {
            if (e instanceof BtrfsLogEvent.Scanned s && s.devid() == d.devid() && identifies(s, fs)) scanned = Optional.of(s.device());
        }
        return scanned;
    }

    private static boolean identifies(BtrfsLogEvent.Scanned s, BtrfsFilesystem fs) {
        return s.labelOrFsid().equals(fs.fsid()) || fs.label().filter(l -> !l.isEmpty()).map(s.labelOrFsid()::equals).orElse(false);
    }

    /** The btrfs mounts of this filesystem, by their source device. */
    static List<Mount> mountsOf(BtrfsFilesystem fs, List<Mount> mounts, List<BtrfsLogEvent> events) {
        Set<String> names = deviceNames(fs, events);
        return mounts.stream().filter(m -> m.fsType().equals("btrfs") && m.source().startsWith("/dev/")
                && names.contains(m.source().substring(5))).toList();
    }

    static String devName(Optional<String> name) {
        return name.map(n -> "/dev/" + n).orElse("unknown device");
    }

    /** Metric labels in the order given: fsid first, then the pairs (key, value, key, value …). */
    static Map<String, String> labels(String fsid, String... pairs) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("fsid", fsid);
        for (int i = 0; i + 1 < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    static String sys(BtrfsFilesystem fs, String rel) {
        return "/sys/fs/btrfs/" + fs.fsid() + "/" + rel;
    }
}
