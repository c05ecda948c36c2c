package org.guestdiag.check.slot;

import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * The platform of one inventory and the hypervisor's name of each disk and NIC in it. Slots are named only on
 * a platform whose rules are known and seen (Proxmox VE); elsewhere every device's slot is "cannot tell".
 */
public record Slots(Optional<Platform.Seen> platform) {

    public static Slots of(Inventory inv) {
        return new Slots(Platform.of(inv.find(Sources.HYPERVISOR), inv.find(Sources.DISKS).orElse(List.of()),
                inv.find(Sources.NICS).orElse(List.of())));
    }

    private boolean proxmox() {
        return platform.map(Platform.Seen::platform).filter(p -> p == Platform.PROXMOX).isPresent();
    }

    public Optional<Slot> disk(Disk d) {
        return proxmox() ? ProxmoxSlots.disk(d) : Optional.empty();
    }

    public Optional<Slot> nic(Nic n) {
        return proxmox() ? ProxmoxSlots.nic(n) : Optional.empty();
    }

    /** The platform's label (proxmox, libvirt, qemu), empty when the guest is not seen to run under QEMU. */
    public String platformLabel() {
        return platform.map(s -> s.platform().label()).orElse("");
    }
}
