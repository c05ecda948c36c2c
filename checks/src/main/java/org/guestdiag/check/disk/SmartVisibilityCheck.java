package org.guestdiag.check.disk;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Disk;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Whether the guest can watch each disk's health (S.M.A.R.T.), and if not why: from the disk's own answer
 * to the read-only SMART commands when it was asked, from its bus and identity when not
 * ({@link SmartVisibility} decides). The health itself is {@link SmartHealthCheck}'s.
 */
public final class SmartVisibilityCheck implements Check {
    @Override public String name() { return "smart-visibility"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.SMART, Sources.CPU, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's disks, watched on the host: the hypervisor check says so once
        String who = machine.vm() ? "The guest" : "The system";
        for (Disk d : inv.get(Sources.DISKS)) {
            if (d.pseudo()) continue;
            SmartVisibility v = SmartVisibility.of(d, inv);
            Finding.Builder f = switch (v.state()) {
                case VISIBLE -> Finding.of("smart.visible", Severity.OK, d.name())
                        .summary(who + " reads " + d.name() + "'s health (SMART): " + v.because())
                        .why(machine.vm() ? "A disk passed through with its identity lets smartctl and this agent see its health from the guest."
                                : "The disk answers the health commands itself, so its decline shows here before it fails.");
                case HIDDEN -> Finding.of("smart.not-visible", Severity.INFO, d.name())
                        .summary(who + " cannot watch " + d.name() + "'s health (SMART): " + v.because())
                        .why(machine.vm() ? "Failing disks announce themselves in SMART (reallocated and pending sectors) days or weeks ahead. "
                                + "If the guest cannot see it, someone must watch it on the host."
                                : "Failing disks announce themselves in SMART (reallocated and pending sectors) days or weeks ahead; "
                                + "a physical disk whose SMART cannot be read is watched by nobody.")
                        .remedy(machine.vm() ? remedy(v) : physicalRemedy(v));
                case UNKNOWN -> Finding.of("smart.not-queried", Severity.INFO, d.name())
                        .summary("Whether " + who.toLowerCase(java.util.Locale.ROOT) + " can read " + d.name() + "'s SMART data is unknown: " + v.because())
                        .why("Only asking the disk tells; its bus does not rule SMART out.");
            };
            f.evidence(Disks.chainEvidence(d));
            d.model().ifPresent(m -> f.evidence("/sys/block/" + d.name() + "/device/model", m));
            v.answer().ifPresent(a -> f.evidence(a.device(), transcript(a)));
            out.add(f);
        }
    }

    private static Remedy remedy(SmartVisibility v) {
        if (v.reason().equals(SmartDisk.Reason.NO_PERMISSION.label())) {
            return Remedy.guest("run the agent as root, or grant it CAP_SYS_RAWIO (systemd: AmbientCapabilities=CAP_SYS_RAWIO) and read access to the disk's node");
        }
        return new Remedy("pass the physical disk through on virtio-scsi: qm set <vmid> --scsihw virtio-scsi-single "
                + "--scsiN /dev/disk/by-id/<disk> (scsiN: a slot that qm config <vmid> shows free); or run smartd on the host",
                "virsh edit <domain>: <disk type='block' device='lun'><source dev='/dev/disk/by-id/<disk>'/><target dev='sdX' bus='scsi'/></disk> "
                        + "on a <controller type='scsi' model='virtio-scsi'/>; or run smartd on the host",
                "-device virtio-scsi-pci,id=scsi0 -device scsi-block,bus=scsi0.0,drive=<drive of /dev/sdX>", null);
    }

    /** On a physical machine: rights, or the controller between the system and the disk. */
    private static Remedy physicalRemedy(SmartVisibility v) {
        if (v.reason().equals(SmartDisk.Reason.NO_PERMISSION.label())) return remedy(v);
        return Remedy.guest("a hardware RAID controller answers for its disks: read them through it (smartctl -d megaraid,N or "
                + "-d cciss,N, or the vendor's tool) or switch it to HBA/JBOD mode; a USB bridge needs SAT pass-through (smartctl -d sat)");
    }

    /** The commands sent and how each ended, or the reason none was. */
    static String transcript(SmartDisk a) {
        if (!a.transcript().isEmpty()) return String.join("; ", a.transcript());
        return a.answer() instanceof SmartDisk.Unavailable u ? u.detail() : a.kind();
    }
}
