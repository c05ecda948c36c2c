package org.guestdiag.model;

import java.util.List;
import java.util.Optional;

/**
 * A network interface backed by a device (virtual interfaces such as lo or bridges have none and are not listed).
 *
 * @param pciId     PCI vendor:device of the card (of the virtio device's parent for virtio-net)
 * @param subsystem PCI subsystem vendor:device: QEMU's models carry 1af4:1100 or fixed ids of their own, a card
 *                  passed through its maker's
 * @param pciPath   the PCI functions from the root bus down to the card (their sysfs names, e.g. 0000:00:1e.0 then
 *                  0000:01:01.0 for a card behind a bridge); empty off PCI
 */
public record Nic(String name, Optional<String> driver, Optional<String> bus, Optional<String> pciId,
                  Optional<String> subsystem, Optional<String> operstate, List<String> pciPath) {
    public Nic {
        pciPath = List.copyOf(pciPath);
    }
}
