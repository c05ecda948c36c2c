package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.BlockQueue;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Controller;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Partition;
import org.guestdiag.model.ScsiHost;

/**
 * Every whole disk in /sys/block with the chain of devices it hangs from, its queue limits and partitions.
 * Virtual block devices of the guest's own making (loop, ram, zram, device-mapper, md) and optical/floppy
 * drives are left out: they say nothing about how the VM's storage is attached.
 */
public final class DiskReader implements Source<List<Disk>> {
    private static final Pattern SKIP = Pattern.compile("^(loop|ram|zram|dm-|md|sr|fd|nbd|nullb|rbd|pmem).*");
    private static final Pattern SCSI_HOST = Pattern.compile("host\\d+");
    private static final Pattern ATA_PORT = Pattern.compile("ata(\\d{1,6})");

    @Override
    public String name() {
        return "disks";
    }

    @Override
    public List<Disk> read(Root root, Problems problems) {
        Path block = root.sys("block");
        List<Disk> disks = new ArrayList<>();
        for (String name : root.list(block)) {
            if (isVirtualOrRemovable(name)) continue;
            // devices without hardware of any kind (ZFS zvols, ublk, whatever comes next) live under /sys/devices/virtual/block;
            // a multipath NVMe namespace lives under /sys/devices/virtual/nvme-subsystem and is a real disk
            if (problems.guard(() -> root.realPath(block.resolve(name)), Optional.<Path>empty())
                    .filter(p -> p.startsWith(root.sys("devices/virtual")) && !p.startsWith(root.sys("devices/virtual/nvme-subsystem")))
                    .isPresent()) continue;
            // one disk that cannot be walked (a symlink loop, a device unplugged mid-read) is a problem of its own;
            // the other disks are still read
            Disk d = problems.guard(() -> readDisk(root, block.resolve(name), name, problems), null);
            if (d != null) disks.add(d);
        }
        return withSharing(disks);
    }

    /** Devices of the guest's own making and optical/floppy drives, by their kernel names. */
    public static boolean isVirtualOrRemovable(String name) {
        return SKIP.matcher(name).matches();
    }

    /** Counts the disks on each controller: many disks on one virtio-scsi controller share its queues and its iothread. */
    static List<Disk> withSharing(List<Disk> disks) {
        Map<String, Integer> count = new HashMap<>();
        for (Disk d : disks) d.controller().ifPresent(c -> count.merge(c.id(), 1, Integer::sum));
        return disks.stream().map(d -> d.withController(d.controller().map(c -> c.withDisks(count.get(c.id()))))).toList();
    }

    private Disk readDisk(Root root, Path dir, String name, Problems problems) {
        Path real = problems.guard(() -> root.realPath(dir), Optional.<Path>empty()).orElse(dir);
        Path device = dir.resolve("device");
        Optional<Path> devReal = problems.guard(() -> root.realPath(device), Optional.empty());
        List<Hop> hops = devReal.map(d -> chain(root, nvmeController(root, d, problems).orElse(d), problems)).orElse(List.of());
        List<DeviceLink> chain = hops.stream().map(Hop::link).toList();
        Optional<ScsiHost> host = chain.stream().map(DeviceLink::name).filter(n -> SCSI_HOST.matcher(n).matches())
                .findFirst().flatMap(h -> scsiHost(root, h, problems));
        Bus bus = BusClassifier.classify(chain, host.map(ScsiHost::procName));
        Optional<Controller> controller = controller(root, hops, problems);
        Optional<String> serial = Attributes.string(root, dir.resolve("serial"), problems)
                .or(() -> Attributes.string(root, device.resolve("serial"), problems))
                .or(() -> problems.guard(() -> root.bytes(device.resolve("vpd_pg80"), Root.ATTRIBUTE_LIMIT), Optional.<byte[]>empty())
                        .flatMap(DiskReader::unitSerial))
                .or(() -> usbSerial(root, hops, problems));
        OptionalLong sectors = Attributes.number(root, dir.resolve("size"), problems);
        Optional<String> provisioning = root.list(device.resolve("scsi_disk")).stream().findFirst()
                .flatMap(sd -> Attributes.string(root, device.resolve("scsi_disk").resolve(sd).resolve("provisioning_mode"), problems));
        return new Disk(name, root.display(real),
                Attributes.string(root, dir.resolve("dev"), problems), chain, bus, controller, host,
                Attributes.string(root, device.resolve("vendor"), problems),
                Attributes.string(root, device.resolve("model"), problems),
                Attributes.string(root, device.resolve("rev"), problems)
                        .or(() -> Attributes.string(root, device.resolve("firmware_rev"), problems)),
                serial.map(String::strip).filter(s -> !s.isEmpty()),
                // NVMe keeps it on the namespace (the disk), SCSI on the device (scsi_lib's VPD 0x83 reading)
                wwid(root, dir.resolve("wwid"), problems).or(() -> wwid(root, device.resolve("wwid"), problems)),
                problems.guard(() -> root.bytes(device.resolve("vpd_pg83"), Root.ATTRIBUTE_LIMIT), Optional.<byte[]>empty())
                        .flatMap(DiskReader::deviceId),
                sectors.isPresent() ? OptionalLong.of(sectors.getAsLong() * 512) : OptionalLong.empty(),
                Attributes.integer(root, device.resolve("queue_depth"), problems),
                provisioning,
                queue(root, dir, problems),
                partitions(root, dir, name, problems),
                ataPort(root, hops),
                multipathHolders(root, dir, problems));
    }

    /**
     * The dm-multipath maps built on this disk: the kernel lists the devices stacked on a disk in its holders/
     * directory (dm-N), and multipathd gives each map a dm/uuid of "mpath-" and the LUN's id. Every path to one
     * LUN shows the same serial and wwid, by design.
     */
    private static List<String> multipathHolders(Root root, Path dir, Problems problems) {
        List<String> maps = new ArrayList<>();
        for (String h : root.list(dir.resolve("holders"))) {
            if (!h.startsWith("dm-")) continue;
            Attributes.string(root, root.sys("block").resolve(h).resolve("dm/uuid"), problems)
                    .filter(u -> u.startsWith("mpath-")).ifPresent(u -> maps.add(h));
        }
        return maps;
    }

    /** One device on the way up from a disk: where it is in sysfs, and what the model keeps of it. */
    private record Hop(Path path, DeviceLink link) { }

    /** The devices from {@code device} up to /sys/devices, each with its driver and subsystem. */
    private static List<Hop> chain(Root root, Path device, Problems problems) {
        Path top = root.sys("devices");
        List<Hop> chain = new ArrayList<>();
        for (Path p = device; p != null && p.startsWith(top) && !p.equals(top); p = p.getParent()) {
            Path at = p;
            Optional<String> subsystem = problems.guard(() -> root.linkName(at.resolve("subsystem")), Optional.empty());
            chain.add(new Hop(at, new DeviceLink(at.getFileName().toString(),
                    problems.guard(() -> root.linkName(at.resolve("driver")), Optional.empty()), subsystem,
                    subsystem.filter("pci"::equals).flatMap(s -> pciId(root, at, problems)))));
        }
        return chain;
    }

    /**
     * With NVMe multipath (CONFIG_NVME_MULTIPATH, on by default) the namespace's parent is its subsystem,
     * /sys/devices/virtual/nvme-subsystem/nvme-subsysN, which links to the controllers that reach it (nvmeM -> the
     * controller under its PCI function): the first of them stands for the hardware, as udev's path_id takes it.
     */
    private static Optional<Path> nvmeController(Root root, Path device, Problems problems) {
        if (!device.getFileName().toString().matches("nvme-subsys\\d+")) return Optional.empty();
        return root.list(device).stream().filter(n -> n.matches("nvme\\d+")).sorted().findFirst()
                .flatMap(n -> problems.guard(() -> root.realPath(device.resolve(n)), Optional.<Path>empty()));
    }

    private static Optional<ScsiHost> scsiHost(Root root, String host, Problems problems) {
        Path h = root.sys("class/scsi_host").resolve(host);
        Optional<String> proc = Attributes.string(root, h.resolve("proc_name"), problems);
        return proc.map(p -> new ScsiHost(host, p, Attributes.integer(root, h.resolve("can_queue"), problems),
                Attributes.integer(root, h.resolve("nr_hw_queues"), problems)));
    }

    /**
     * The device that carries the disk's bus: the nearest PCI function above the disk (virtio-scsi, AHCI,
     * the PIIX IDE function, an NVMe controller), or, without PCI (virtio-mmio), the nearest device with a driver.
     */
    private static Optional<Controller> controller(Root root, List<Hop> chain, Problems problems) {
        for (Hop h : chain) {
            DeviceLink d = h.link();
            if (d.subsystem().filter("pci"::equals).isPresent()) {
                return Optional.of(new Controller(d.name(), d.driver().orElse(""), pciId(root, h.path(), problems), subsystemId(root, h.path(), problems), 1));
            }
        }
        return chain.stream().skip(1).map(Hop::link).filter(d -> d.driver().isPresent()).findFirst()
                .map(d -> new Controller(d.name(), d.driver().get(), Optional.empty(), Optional.empty(), 1));
    }

    /** The rank of the disk's ataN among the ataN ports of the device above it (see {@link Disk#ataPort()}). */
    private static OptionalInt ataPort(Root root, List<Hop> chain) {
        for (Hop h : chain) {
            Matcher m = ATA_PORT.matcher(h.link().name());
            if (!m.matches() || h.path().getParent() == null) continue;
            int own = Integer.parseInt(m.group(1));
            long below = root.list(h.path().getParent()).stream().map(ATA_PORT::matcher).filter(Matcher::matches)
                    .filter(x -> Integer.parseInt(x.group(1)) < own).count();
            return OptionalInt.of((int) below);
        }
        return OptionalInt.empty();
    }

    /**
     * A USB disk's serial: USB mass storage answers no unit serial page, but the USB device (the nearest
     * ancestor on the usb bus with a serial of its own, above the storage interface) carries its iSerialNumber.
     */
    private static Optional<String> usbSerial(Root root, List<Hop> chain, Problems problems) {
        for (Hop h : chain) {
            if (h.link().subsystem().filter("usb"::equals).isPresent()) {
                Optional<String> serial = Attributes.string(root, h.path().resolve("serial"), problems);
                if (serial.isPresent()) return serial;
            }
        }
        return Optional.empty();
    }

    /**
     * A wwid attribute, absent when the device has none. SCSI's wwid_show (drivers/scsi/scsi_sysfs.c) returns the
     * errno of scsi_vpd_lun_id: ENXIO when the device gave no VPD page 0x83 at all (usb-storage), EINVAL when the
     * page holds no designator it can use (QEMU's scsi-hd, many HBAs' emulated disks), so reading the file fails
     * with "No such device or address" or "Invalid argument". That is the kernel saying "no wwid", not a read
     * that went wrong (seen on every SCSI and USB disk of the lab's guests).
     */
    private static Optional<String> wwid(Root root, Path p, Problems problems) {
        try {
            return root.attribute(p).map(String::strip).filter(s -> !s.isEmpty());
        } catch (ReadException e) {
            if (noWwid(e)) return Optional.empty();
            problems.add(e);
            return Optional.empty();
        }
    }

    static boolean noWwid(ReadException e) {
        if (e.errno().isPresent()) return e.errno().getAsInt() == EINVAL || e.errno().getAsInt() == ENXIO;
        // read through java.nio (no C library bound): only its words are left, which are English unless the JVM
        // was started under a translated locale; such a read reports a problem rather than dropping it silently
        return e.getMessage() != null && (e.getMessage().endsWith("Invalid argument") || e.getMessage().endsWith("No such device or address"));
    }

    private static final int ENXIO = 6;
    private static final int EINVAL = 22;

    /** vendor:device of a PCI function as four hex digits each, e.g. {@code 1af4:1004}. */
    static Optional<String> pciId(Root root, Path pci, Problems problems) {
        return idPair(root, pci.resolve("vendor"), pci.resolve("device"), problems);
    }

    /** subsystem_vendor:subsystem_device of a PCI function, e.g. {@code 1af4:1100}: whose board it is. */
    static Optional<String> subsystemId(Root root, Path pci, Problems problems) {
        return idPair(root, pci.resolve("subsystem_vendor"), pci.resolve("subsystem_device"), problems);
    }

    private static Optional<String> idPair(Root root, Path first, Path second, Problems problems) {
        Optional<String> v = Attributes.string(root, first, problems);
        Optional<String> d = Attributes.string(root, second, problems);
        if (v.isEmpty() || d.isEmpty()) return Optional.empty();
        return Optional.of(v.get().replaceFirst("^0x", "") + ":" + d.get().replaceFirst("^0x", ""));
    }

    private static BlockQueue queue(Root root, Path dir, Problems problems) {
        Path q = dir.resolve("queue");
        Optional<String> rot = Attributes.string(root, q.resolve("rotational"), problems);
        List<String> mq = root.list(dir.resolve("mq"));
        OptionalInt hw = mq.isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) mq.stream().filter(s -> s.matches("\\d+")).count());
        return new BlockQueue(
                Attributes.integer(root, q.resolve("logical_block_size"), problems),
                Attributes.integer(root, q.resolve("physical_block_size"), problems),
                Attributes.number(root, q.resolve("minimum_io_size"), problems),
                Attributes.number(root, q.resolve("optimal_io_size"), problems),
                Attributes.number(root, q.resolve("discard_granularity"), problems),
                Attributes.number(root, q.resolve("discard_max_bytes"), problems),
                Attributes.number(root, q.resolve("discard_max_hw_bytes"), problems),
                rot.map("1"::equals),
                Attributes.integer(root, q.resolve("nr_requests"), problems),
                hw,
                Attributes.string(root, q.resolve("scheduler"), problems).map(DiskReader::activeScheduler),
                Attributes.string(root, q.resolve("write_cache"), problems),
                Attributes.integer(root, q.resolve("max_sectors_kb"), problems));
    }

    /** "none [mq-deadline] kyber" → "mq-deadline". */
    static String activeScheduler(String s) {
        int a = s.indexOf('[');
        int b = s.indexOf(']');
        return a >= 0 && b > a ? s.substring(a + 1, b) : s.strip();
    }

    private static List<Partition> partitions(Root root, Path dir, String disk, Problems problems) {
        List<Partition> parts = new ArrayList<>();
        for (String n : root.list(dir)) {
            if (!n.startsWith(disk) || n.equals(disk)) continue;
            Path p = dir.resolve(n);
            OptionalLong start = Attributes.number(root, p.resolve("start"), problems);
            if (start.isEmpty()) continue;
            parts.add(new Partition(n, start.getAsLong(), Attributes.number(root, p.resolve("alignment_offset"), problems)));
        }
        return parts;
    }

    /** The device id of VPD page 0x83 as sysfs keeps it; a page that is not 0x83 or is cut short gives none. */
    static Optional<String> deviceId(byte[] page) {
        try {
            return org.guestdiag.read.smart.Vpd.vendorSpecificId(page, "vpd_pg83");
        } catch (org.guestdiag.host.ReadException e) {
            return Optional.empty();
        }
    }

    /** The serial of VPD page 0x80 as sysfs keeps it; a page that is not 0x80 or is cut short gives none. */
    static Optional<String> unitSerial(byte[] page) {
        try {
            return org.guestdiag.read.smart.Vpd.unitSerial(page, "vpd_pg80");
        } catch (org.guestdiag.host.ReadException e) {
            return Optional.empty();
        }
    }
}
