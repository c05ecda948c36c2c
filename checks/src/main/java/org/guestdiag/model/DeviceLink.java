package org.guestdiag.model;

import java.util.Optional;

/**
 * One device on the sysfs path from a disk or NIC up to the root: its name, bound driver and bus (subsystem),
 * and for a PCI function its vendor:device (which bridge or port it is: QEMU's generic PCIe root port 1b36:000c,
 * its PCI bridge 1b36:0001).
 */
public record DeviceLink(String name, Optional<String> driver, Optional<String> subsystem, Optional<String> pciId) {

    public DeviceLink(String name, Optional<String> driver, Optional<String> subsystem) {
        this(name, driver, subsystem, Optional.empty());
    }
}
