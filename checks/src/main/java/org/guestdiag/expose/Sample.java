package org.guestdiag.expose;

import java.util.LinkedHashMap;
import java.util.Map;
import org.guestdiag.check.Text;

/**
 * One metric sample a check derives from the inventory, rendered by the outputs (Prometheus text,
 * /metrics). Names follow Prometheus naming: {@code guestdiag_} prefix, base units, {@code _total} on
 * counters, {@code _info} gauges valued 1. Labels never carry free text.
 */
public record Sample(String name, String help, Type type, Map<String, String> labels, double value) {
    public enum Type { GAUGE, COUNTER }

    public Sample {
        // label values come from the kernel's strings (models, DMI): no control byte reaches the exposition
        LinkedHashMap<String, String> visible = new LinkedHashMap<>();
        labels.forEach((k, v) -> visible.put(k, Text.visible(v)));
        labels = java.util.Collections.unmodifiableMap(visible);
    }

    public static Sample gauge(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, Type.GAUGE, labels, value);
    }

    public static Sample counter(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, Type.COUNTER, labels, value);
    }
}
