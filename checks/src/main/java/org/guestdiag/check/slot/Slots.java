package org.guestdiag.check.slot;

import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * The platform of one inventory and the hypervisor's name of each disk and NIC in it. Slots are named only on
 * a platform whose rules are known and seen (Proxmox VE); elsewhere every device's slot is "cannot tell".
 */
public record Slots(Optional<Platform.Seen> platform) {
    /**
     * What the platform is told from: a check that names slots declares these optional, so that it is judged
     * again when one changes and they are read when it alone is selected.
     */
    public static final List<Source<?>> SOURCES = List.of(Sources.HYPERVISOR, Sources.DISKS, Sources.NICS);

    /** {@code own} and {@link #SOURCES}, each once, leaving out what the check already requires. */
    public static List<Source<?>> withSources(List<Source<?>> requires, List<Source<?>> own) {
        return java.util.stream.Stream.concat(own.stream(), SOURCES.stream()).distinct().filter(s -> !requires.contains(s)).toList();
    }

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
