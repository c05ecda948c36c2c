package org.guestdiag.check.disk;

import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.slot.ProxmoxCommands;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Mount;
import org.guestdiag.model.TrimSchedule;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Discard (TRIM/UNMAP): whether the guest is offered it, and whether it uses it. A guest can see only the
 * offer: QEMU offers discard on virtio-blk and scsi-hd even when the host drive ignores discards
 * (QEMU's default discard=ignore), so "offered" never proves the space goes back to the storage.
 */
public final class DiskDiscardCheck implements Check {
    @Override public String name() { return "disk-discard"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    @Override public List<Source<?>> optional() { return Slots.withSources(requires(), List.of(Sources.MOUNTS, Sources.TRIM_SCHEDULE, Sources.CPU, Sources.HYPERVISOR)); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Mount> mounts = inv.find(Sources.MOUNTS).orElse(List.of());
        Optional<TrimSchedule> schedule = inv.find(Sources.TRIM_SCHEDULE);
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's disks: the hypervisor check says so once
        Slots slots = Slots.of(inv);
        for (Disk d : inv.get(Sources.DISKS)) {
            Optional<Slot> slot = slots.disk(d);
            var q = d.queue();
            if (q.discardMaxBytes().isEmpty() || d.pseudo()) continue;
            boolean ssd = q.rotational().map(r -> !r).orElse(false);
            if (!q.discardSupported() && machine.bareMetal()) {
                // a physical spinning disk has nothing to trim; an SSD without TRIM usually sits behind a RAID controller
                if (!ssd) continue;
                out.add(Finding.of("disk.no-discard", Severity.WARNING, d.name())
                        .summary(d.name() + " is a non-rotational disk that is not offered discard (TRIM/UNMAP)")
                        .evidence("/sys/block/" + d.name() + "/queue/discard_max_bytes", 0)
                        .evidence("/sys/block/" + d.name() + "/queue/rotational", 0)
                        .evidence(Disks.chainEvidence(d))
                        .why("Without TRIM the SSD cannot tell free blocks from used ones: its writes slow down as it fills and it wears faster.")
                        .remedy(Remedy.guest("a hardware RAID controller or USB bridge that drops TRIM is the usual cause: attach the "
                                + "SSD to an HBA/AHCI port or in the controller's pass-through (JBOD/HBA) mode")));
                continue;
            }
            if (!q.discardSupported()) {
                // a real spinning disk passed through has nothing to trim; everything virtual is likely thin-provisioned
                if (d.passedThrough() && !ssd) continue;
                Finding.Builder f = Finding.of("disk.no-discard", Severity.WARNING, d.name())
                        .summary(d.name() + " is not offered discard (TRIM/UNMAP)" + (ssd ? " although it reports itself non-rotational" : ""))
                        .evidence("/sys/block/" + d.name() + "/queue/discard_max_bytes", 0);
                q.rotational().ifPresent(r -> f.evidence("/sys/block/" + d.name() + "/queue/rotational", r ? 1 : 0));
                d.provisioning().ifPresent(p -> f.evidence("/sys/block/" + d.name() + "/device/scsi_disk/*/provisioning_mode", p));
                slot.ifPresent(s -> f.evidence(s.evidence()));
                out.add(f.why("Without discard the guest cannot hand freed blocks back: thin storage (qcow2, LVM-thin, ZFS zvols, Ceph RBD) "
                                + "only grows, snapshots keep dead data, and SSDs underneath lose write performance.")
                        .remedy(ProxmoxCommands.drive(slot, "discard=on", "ssd=1"),
                                "virsh edit <domain>: <driver name='qemu' … discard='unmap'/> in the disk"
                                        + (d.bus() == Bus.VIRTIO_BLK ? "" : ", and rotation_rate='1' on its <target>") + "; applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                d.bus() == Bus.VIRTIO_BLK ? "-drive …,discard=unmap -device virtio-blk-pci,…,discard=on"
                                        : "-drive …,discard=unmap -device scsi-hd,…,rotation_rate=1"));
                continue;
            }
            List<Mount> on = mounts.stream().filter(m -> Disks.mountIsOn(m, d)).toList();
            if (on.isEmpty() || schedule.isEmpty() || schedule.get().scheduled()) continue;
            List<Mount> noDiscard = on.stream().filter(m -> !m.hasSuperOption("discard") && !m.hasMountOption("discard")).toList();
            if (noDiscard.isEmpty()) continue;
            boolean known = schedule.get().known();
            Finding.Builder f = known
                    ? Finding.of("disk.discard-unused", Severity.INFO, d.name())
                            .summary(d.name() + " is offered discard, but nothing trims it: no discard mount option, no fstrim timer")
                    : Finding.of("disk.discard-schedule-unknown", Severity.INFO, d.name())
                            .summary(d.name() + " is offered discard and mounted without the discard option; whether a timer trims it is "
                                    + "unknown: no systemd unit or cron directory to look in");
            f.evidence("/sys/block/" + d.name() + "/queue/discard_max_bytes", q.discardMaxBytes().getAsLong());
            for (Mount m : noDiscard) f.evidence("/proc/self/mountinfo " + m.mountPoint(), m.fsType() + " " + String.join(",", m.superOptions()));
            f.evidence("fstrim schedule", known
                    ? "none of /etc/systemd/system/timers.target.wants/fstrim.timer, /etc/cron.weekly/fstrim, /etc/cron.d/fstrim (present: "
                            + String.join(", ", schedule.get().directories()) + ")"
                    : "unknown: /etc/systemd/system, /etc/cron.weekly and /etc/cron.d are all absent");
            slot.ifPresent(s -> f.evidence(s.evidence()));
            if (machine.bareMetal()) {
                out.add(f.why("Freed blocks stay allocated in the SSD's mapping until something trims them: it slows down as it "
                                + "fills and wears faster.")
                        .remedy(Remedy.guest("systemctl enable --now fstrim.timer")));
                continue;
            }
            out.add(f.why((known ? "Freed blocks stay allocated on the host until something trims them."
                            : "Freed blocks stay allocated on the host until something trims them; where the schedule would be "
                                    + "enabled is not on this root (a minimal system, a container, a snapshot without /etc), so it may "
                                    + "well be trimmed.")
                            + " (The guest sees only that discard is offered; whether it reaches the storage depends on the host disk's "
                            + "discard setting, which the guest cannot see.)")
                    .remedy(new Remedy(ProxmoxCommands.drive(slot, "discard=on", "") + "   (so the host passes the trims on)",
                            "virsh edit <domain>: <driver name='qemu' … discard='unmap'/> in the disk (so the host passes the trims on); applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                            "-drive …,discard=unmap", known ? "systemctl enable --now fstrim.timer"
                                    : "systemctl status fstrim.timer shows whether it runs; if not: systemctl enable --now fstrim.timer")));
        }
    }
}
