package org.guestdiag.check.btrfs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.DeviceErrors;
import org.guestdiag.model.Mount;
import org.guestdiag.read.BtrfsLogParser;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * What the btrfs checks share: which block device names, mounts and kernel log lines belong to a
 * filesystem. sysfs lists members by name but does not say which devid a name is, so the kernel log's
 * "device … devid N … /dev/X scanned" lines fill that in.
 */
public final class Btrfs {
    private Btrfs() { }

    static final String AREA = "btrfs";

    public static List<BtrfsLogEvent> events(Inventory inv) {
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

    /**
     * The error counters of one btrfs device: from sysfs or the ioctl, else the last {@code bdev … errs:} line of
     * the kernel log for its name. {@code devid} is empty when only the log knows the device (no devinfo, kernel < 5.6).
     */
    public record Counters(String devid, Optional<String> name, DeviceErrors errors) { }

    /** The counters of every device of {@code fs} that has any, as the device-errors check judges and the metrics expose them. */
    public static List<Counters> counters(BtrfsFilesystem fs, List<BtrfsLogEvent> events) {
        List<BtrfsLogEvent> own = eventsOf(fs, events);
        List<Counters> out = new ArrayList<>();
        for (BtrfsDevice d : fs.devices()) {
            Optional<String> name = nameOf(fs, d, events);
            d.errors().or(() -> name.flatMap(n -> fromLog(n, own))).ifPresent(e -> out.add(new Counters(String.valueOf(d.devid()), name, e)));
        }
        if (fs.devices().isEmpty()) { // no devinfo (kernel < 5.6) and no ioctl: only the log can tell
            for (String n : deviceNames(fs, events)) fromLog(n, own).ifPresent(e -> out.add(new Counters("", Optional.of(n), e)));
        }
        return out;
    }

    /** The counters as the kernel last printed them for this device. */
    static Optional<DeviceErrors> fromLog(String device, List<BtrfsLogEvent> events) {
        BtrfsLogEvent.DeviceErrorsLine last = null;
        for (BtrfsLogEvent e : events) if (e instanceof BtrfsLogEvent.DeviceErrorsLine l && l.device().equals(device)) last = l;
        if (last == null) return Optional.empty();
        return Optional.of(new DeviceErrors(OptionalLong.of(last.write()), OptionalLong.of(last.read()), OptionalLong.of(last.flush()),
                OptionalLong.of(last.corruption()), OptionalLong.of(last.generation()), "kernel-log"));
    }

    /** The btrfs a mount is of, when sysfs lists it. */
    public static Optional<BtrfsFilesystem> of(Mount m, List<BtrfsFilesystem> filesystems, List<BtrfsLogEvent> events) {
        return filesystems.stream().filter(f -> mountsOf(f, List.of(m), events).contains(m)).findFirst();
    }

    /** How a btrfs mount is read-only: forced (super options ro, mount rw: the kernel stopped writing), mount_option (mounted ro) or none. */
    public static String readonlyReason(Mount m) {
        boolean superRo = m.hasSuperOption("ro");
        return superRo && !m.hasMountOption("ro") ? "forced" : superRo ? "mount_option" : "none";
    }

    static String devName(Optional<String> name) {
        return name.map(n -> "/dev/" + n).orElse("unknown device");
    }

    static String sys(BtrfsFilesystem fs, String rel) {
        return "/sys/fs/btrfs/" + fs.fsid() + "/" + rel;
    }
}
