package org.guestdiag.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What tells a guest who runs it: DMI (absent on Firecracker-like guests), /sys/hypervisor (Xen), the
 * clocksources (kvm-clock exists only under KVM), and whether it is a container sharing its host's kernel.
 *
 * @param dmi              file name in /sys/class/dmi/id to its value; empty map when there is no DMI
 * @param clocksources     available_clocksource; empty when the file is absent
 * @param container        the container manager, when this system is a container: then DMI, CPU and disks are its host's
 */
public record Hypervisor(
        Optional<String> sysHypervisorType,
        Map<String, String> dmi,
        List<String> clocksources,
        Optional<String> currentClocksource,
        Optional<Container> container) {

    public Hypervisor {
        dmi = new TreeMap<>(dmi);
        clocksources = List.copyOf(clocksources);
    }

    public Optional<String> dmi(String key) {
        return Optional.ofNullable(dmi.get(key)).filter(v -> !v.isBlank());
    }
}
