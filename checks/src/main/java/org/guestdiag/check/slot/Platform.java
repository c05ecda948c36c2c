package org.guestdiag.check.slot;

import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Evidence;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Hypervisor;

/**
 * Which program built the VM's virtual hardware, as far as the guest can tell.
 *
 * <p>{@link #PROXMOX} needs a sign only Proxmox VE leaves: a SCSI disk whose device id (VPD page 0x83) is one of
 * its drive ids, {@code drive-scsiN}, at the LUN or target its rules give slot N. {@link #QEMU} is any other QEMU
 * guest (DMI's system vendor QEMU): plain QEMU, or a manager that left no such sign, so no slot is named there.
 */
public enum Platform {
    PROXMOX, QEMU;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The platform and the evidence for it; empty when the guest is not seen to run under QEMU at all. */
    public record Seen(Platform platform, List<Evidence> evidence) {
        public Seen {
            evidence = List.copyOf(evidence);
        }
    }

    public static Optional<Seen> of(Optional<Hypervisor> hypervisor, List<Disk> disks) {
        for (Disk d : disks) {
            Optional<Slot> s = ProxmoxSlots.byDeviceId(d);
            if (s.isPresent()) return Optional.of(new Seen(PROXMOX, s.get().evidence()));
        }
        Optional<String> vendor = hypervisor.flatMap(h -> h.dmi("sys_vendor"));
        if (vendor.filter("QEMU"::equals).isPresent()) {
            return Optional.of(new Seen(QEMU, List.of(new Evidence("/sys/class/dmi/id/sys_vendor", vendor.get()))));
        }
        return Optional.empty();
    }

}
