package org.guestdiag.model;

import java.util.Optional;

/**
 * A network interface backed by a device (virtual interfaces such as lo or bridges have none and are not listed).
 *
 * @param subsystemVendor PCI subsystem vendor: QEMU's emulated cards carry 1af4 (Red Hat), real ones their maker's
 */
public record Nic(String name, Optional<String> driver, Optional<String> bus, Optional<String> pciId,
                  Optional<String> subsystemVendor, Optional<String> operstate) {
}
