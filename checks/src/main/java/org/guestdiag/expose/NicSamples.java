package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** Network interfaces backed by a device, with the driver that tells virtio from an emulated e1000 or rtl8139. */
public final class NicSamples {
    private NicSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        Slots slots = Slots.of(inv);
        for (Nic n : inv.find(Sources.NICS).orElse(List.of())) {
            // operstate stays out of the info labels: a link going down would start a new series
            out.add(Sample.gauge("guestdiag_nic_info", "Network interface in /sys/class/net with its device's driver, bus, PCI vendor:device, and its slot in the "
                            + "hypervisor's configuration (Proxmox net0) where its PCI place tells it, else empty.",
                    Labels.of("device", n.name(), "driver", n.driver().orElse(""), "bus", n.bus().orElse(""),
                            "pci_id", n.pciId().orElse(""), "slot", slots.nic(n).map(Slot::name).orElse("")), 1));
        }
        return out;
    }
}
