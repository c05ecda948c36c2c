package org.guestdiag.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What tells a guest who runs it: DMI (absent on Firecracker-like guests), /sys/hypervisor (Xen), and the
 * clocksources (kvm-clock exists only under KVM).
 *
 * @param dmi              file name in /sys/class/dmi/id to its value; empty map when there is no DMI
 * @param clocksources     available_clocksource; empty when the file is absent
 */
public record Hypervisor(
        Optional<String> sysHypervisorType,
        Map<String, String> dmi,
        List<String> clocksources,
        Optional<String> currentClocksource) {

    public Hypervisor {
        dmi = new TreeMap<>(dmi);
        clocksources = List.copyOf(clocksources);
    }

    public Optional<String> dmi(String key) {
        return Optional.ofNullable(dmi.get(key)).filter(v -> !v.isBlank());
    }
}
