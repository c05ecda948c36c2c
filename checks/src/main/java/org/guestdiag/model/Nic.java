package org.guestdiag.model;

import java.util.Optional;

/**
 * A network interface backed by a device (virtual interfaces such as lo or bridges have none and are not listed).
 *
 * @param pciId     PCI vendor:device of the card (of the virtio device's parent for virtio-net)
 * @param subsystem PCI subsystem vendor:device: QEMU's models carry 1af4:1100 or fixed ids of their own, a card
 *                  passed through its maker's
 */
public record Nic(String name, Optional<String> driver, Optional<String> bus, Optional<String> pciId,
                  Optional<String> subsystem, Optional<String> operstate) {
}
