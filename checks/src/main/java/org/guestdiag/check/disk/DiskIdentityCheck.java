package org.guestdiag.check.disk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.slot.ProxmoxCommands;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Disk;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdMember;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Whether each disk can be named by a stable id: its serial, or the wwid the kernel made of its
 * designators. A disk's sdX/vdX name follows probe order; /dev/disk/by-id, mdadm's and btrfs's own reports,
 * NAS systems (Rockstor refuses a disk without a unique serial) and the person replacing a failed member
 * need an id that stays. A virtio_blk disk has none unless the VM's configuration gives it one. Judged where
 * it matters: two disks with the same id anywhere, and members of an md array or a btrfs filesystem with
 * none. Serial values are never printed: findings are served over HTTP, serials are not (README). The paths of one
 * dm-multipath LUN share its id by design and are not judged.
 */
public final class DiskIdentityCheck implements Check {
    @Override public String name() { return "disk-identity"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    @Override public List<Source<?>> optional() { return Slots.withSources(requires(), List.of(Sources.MD, Sources.BTRFS)); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Disk> disks = inv.get(Sources.DISKS);
        Slots slots = Slots.of(inv);
        Map<String, List<Disk>> byId = new LinkedHashMap<>();
        for (Disk d : disks) id(d).ifPresent(i -> byId.computeIfAbsent(i, k -> new ArrayList<>()).add(d));
        Map<String, Disk> twin = new HashMap<>();
        for (List<Disk> same : byId.values()) {
            if (same.size() < 2 || pathsOfOneMultipathMap(same)) continue;
            for (Disk d : same) twin.put(d.name(), same.get(same.get(0) == d ? 1 : 0));
            List<String> names = same.stream().map(Disk::name).toList();
            Finding.Builder f = Finding.of("disk.duplicate-id", Severity.WARNING, String.join(",", names))
                    .summary("disks " + String.join(", ", names) + " carry the same " + (same.get(0).serial().isPresent() ? "serial" : "wwid")
                            + ": they cannot be told apart");
            for (Disk d : same) f.evidence(source(d), "the same value as " + twin.get(d.name()).name() + "'s");
            out.add(f.why("udev makes one /dev/disk/by-id link per id, so one of them is hidden; a RAID or NAS tool that names "
                    + "members by serial confuses them, and the wrong disk gets pulled or wiped. (Two paths to one LUN "
                    + "share the id by design; under a dm-multipath map they are not judged, an iSCSI target logged into "
                    + "twice without one is this warning's case.)")
                    .remedy(remedy(same.get(same.size() - 1), slots)));
        }
        for (MdArray a : inv.find(Sources.MD).orElse(List.of())) {
            List<String> members = new ArrayList<>();
            for (MdMember m : a.members()) members.add(m.device());
            if (members.isEmpty()) a.mdstat().members().forEach(m -> members.add(m.device()));
            group("md array /dev/" + a.name(), a.name(), members, disks, twin, slots, out);
        }
        for (BtrfsFilesystem fs : inv.find(Sources.BTRFS).orElse(List.of())) {
            group("btrfs " + fs.displayName(), fs.displayName(), fs.members().stream().map(BtrfsMember::name).toList(), disks, twin, slots, out);
        }
    }

    /** Two paths to one LUN under dm-multipath share its id by design: each is held by the same multipath map. */
    static boolean pathsOfOneMultipathMap(List<Disk> same) {
        List<String> common = new ArrayList<>(same.get(0).multipathHolders());
        for (Disk d : same) common.retainAll(d.multipathHolders());
        return !common.isEmpty();
    }

    /** Members of one array or filesystem with no id of their own (duplicates were said above). */
    private static void group(String what, String subject, List<String> memberDevices, List<Disk> disks, Map<String, Disk> twin, Slots slots, Report out) {
        List<Disk> members = new ArrayList<>();
        for (String dev : memberDevices) diskOf(dev, disks).filter(d -> !members.contains(d)).ifPresent(members::add);
        if (members.size() < 2) return;
        List<Disk> blind = members.stream().filter(d -> id(d).isEmpty()).toList();
        if (blind.isEmpty()) return;
        List<String> names = blind.stream().map(Disk::name).toList();
        Finding.Builder f = Finding.of("disk.member-without-id", Severity.WARNING, subject)
                .summary(what + ": " + String.join(", ", names) + (names.size() == 1 ? " has" : " have") + " no serial or wwid, "
                        + "so its members cannot all be told apart by a stable id");
        for (Disk d : blind) f.evidence(source(d), "none");
        out.add(f.why("When a member fails, mdadm and btrfs name it by its kernel name (vdb), which follows probe order and "
                        + "changes when a disk is added or removed; without a serial the failed disk cannot be matched to the "
                        + "VM's configuration or the host's volume with certainty, and /dev/disk/by-id has no link for it. NAS "
                        + "systems such as Rockstor refuse such disks.")
                .remedy(remedy(blind.get(0), slots)));
    }

    /** The disk a member device is, or whose partition it is. */
    private static Optional<Disk> diskOf(String dev, List<Disk> disks) {
        return disks.stream().filter(d -> d.name().equals(dev) || d.partitions().stream().anyMatch(p -> p.name().equals(dev))).findFirst();
    }

    static Optional<String> id(Disk d) {
        return d.serial().or(d::wwid);
    }

    private static String source(Disk d) {
        return d.bus() == Bus.VIRTIO_BLK ? "/sys/block/" + d.name() + "/serial"
                : "/sys/block/" + d.name() + " (serial, device/wwid, wwid)";
    }

    private static Remedy remedy(Disk d, Slots slots) {
        boolean blk = d.bus() == Bus.VIRTIO_BLK;
        return Remedy.of(ProxmoxCommands.drive(slots.disk(d), "serial=<unique id up to 20 characters>", ""),
                "virsh edit <domain>: <serial>unique id</serial> inside the disk's <disk> element; applied at the domain's next "
                        + "shutdown and start (virsh shutdown, virsh start)",
                blk ? "-device virtio-blk-pci,drive=…,serial=<unique id>"
                        : d.bus() == Bus.NVME ? "-device nvme,drive=…,serial=<unique id>" : "-device scsi-hd,drive=…,serial=<unique id> (or wwn=0x…)");
    }
}
