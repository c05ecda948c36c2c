package org.guestdiag.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.check.slot.Platform;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.Disk;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;

/**
 * The JSON shapes of {@code diagnose --format json}, reused by the server's /api/v1/findings and
 * /api/v1/inventory. Volatile values (durations, times) are under keys that end in _seconds or _at.
 */
public final class JsonReport {
    private JsonReport() { }

    public static Map<String, Object> diagnosis(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("guestdiag", Version.version());
        m.put("status", d.worst().label());
        m.put("exit_code", d.exitCode());
        m.put("counts", counts(d.findings()));
        m.put("findings", d.findings());
        m.put("checks", checks(d.results()));
        m.put("slots", slots(d.inventory()));
        m.put("inventory", inventory(d.inventory()));
        return m;
    }

    /**
     * The platform that built the VM and each disk's and NIC's name in its configuration, with the evidence;
     * a slot that cannot be told is null, never a guess.
     */
    public static Map<String, Object> slots(Inventory inv) {
        Slots slots = Slots.of(inv);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", slots.platform().map(p -> p.platform().label()));
        m.put("platform_evidence", slots.platform().map(Platform.Seen::evidence).orElse(List.of()));
        Map<String, Object> disks = new LinkedHashMap<>();
        for (Disk x : inv.find(Sources.DISKS).orElse(List.of())) disks.put(x.name(), slot(slots.disk(x)));
        Map<String, Object> nics = new LinkedHashMap<>();
        for (Nic x : inv.find(Sources.NICS).orElse(List.of())) nics.put(x.name(), slot(slots.nic(x)));
        m.put("disks", disks);
        m.put("nics", nics);
        return m;
    }

    private static Map<String, Object> slot(java.util.Optional<Slot> s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slot", s.map(Slot::name));
        m.put("evidence", s.map(Slot::evidence).orElse(List.of()));
        return m;
    }

    public static Map<String, Object> findings(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.worst().label());
        m.put("counts", counts(d.findings()));
        m.put("findings", d.findings());
        m.put("checks", checks(d.results()));
        return m;
    }

    public static Map<String, Integer> counts(List<Finding> findings) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO, Severity.OK)) {
            c.put(s.label(), (int) findings.stream().filter(f -> f.severity() == s).count());
        }
        return c;
    }

    static List<Map<String, Object>> checks(List<CheckResult> results) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", r.check());
            m.put("area", r.area());
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            if (r.reason() != null) m.put("reason", r.reason());
            m.put("findings", r.findings().size());
            m.put("duration_seconds", r.duration());
            list.add(m);
        }
        return list;
    }

    public static Map<String, Object> inventory(Inventory inv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : inv.outcomes().entrySet()) {
            Map<String, Object> o = new LinkedHashMap<>();
            if (e.getValue() instanceof Outcome.Ok<?> ok) {
                o.put("status", "ok");
                // never the raw log, whoever reads: see KernelLogDigest
                o.put("value", ok.value() instanceof KernelLog log ? KernelLogDigest.of(log) : ok.value());
                if (!ok.problems().isEmpty()) o.put("problems", ok.problems().stream().map(ReadException::getMessage).toList());
                // of the read that produced this value: a re-read that found the same keeps its outcome (see Collector)
                o.put("read_seconds", ok.took());
            } else if (e.getValue() instanceof Outcome.Failed<?> f) {
                o.put("status", "failed");
                o.put("reason", f.reason());
            } else if (e.getValue() instanceof Outcome.Stuck<?> s) {
                o.put("status", "stuck");
                o.put("reason", s.reason());
                o.put("stuck_since_at", s.since());
            }
            m.put(e.getKey(), o);
        }
        return m;
    }
}
