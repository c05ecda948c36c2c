package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.check.Sample;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Inventory;

/** Network interfaces backed by a device, with the driver that tells virtio from an emulated e1000 or rtl8139. */
public final class NicSamples {
    private NicSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        for (Nic n : inv.find(Sources.NICS).orElse(List.of())) {
            // operstate stays out of the info labels: a link going down would start a new series
            out.add(Sample.gauge("guestdiag_nic_info", "Network interface in /sys/class/net with its device's driver, bus and PCI vendor:device.",
                    Labels.of("device", n.name(), "driver", n.driver().orElse(""), "bus", n.bus().orElse(""),
                            "pci_id", n.pciId().orElse("")), 1));
        }
        return out;
    }
}
