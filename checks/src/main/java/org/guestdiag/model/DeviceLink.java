package org.guestdiag.model;

import java.util.Optional;

/** One device on the sysfs path from a disk or NIC up to the root: its name, bound driver and bus (subsystem). */
public record DeviceLink(String name, Optional<String> driver, Optional<String> subsystem) {
}
