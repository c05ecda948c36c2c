package org.guestdiag.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks one expectation against the JSON the agent wrote inside a guest ({@code diagnose --format json}):
 * returns the mismatches, each saying what was expected and what the agent saw.
 */
final class VerdictMatcher {
    private VerdictMatcher() { }

    static List<String> mismatches(Expectation e, JsonNode d) {
        return mismatches(e, d, null);
    }

    /** {@code ioctl}: the same guest's diagnose with -Dguestdiag.btrfs.ioctl=always, or null. */
    static List<String> mismatches(Expectation e, JsonNode d, JsonNode ioctl) {
        List<String> out = new ArrayList<>();
        switch (e.kind()) {
            case "warnings" -> {
                Set<String> want = new TreeSet<>();
                if (!e.words().contains("-")) for (String w : e.words()) want.add(bySerial(w, d));
                Set<String> seen = new TreeSet<>();
                for (JsonNode f : d.get("findings")) {
                    String sev = f.get("severity").asText();
                    if (sev.equals("warning") || sev.equals("critical")) seen.add(f.get("id").asText() + ":" + f.get("subject").asText());
                }
                if (!want.equals(seen)) out.add("warnings and criticals: expected " + want + ", agent said " + seen);
            }
            case "finding", "nofinding" -> {
                for (String id : e.words()) {
                    boolean present = false;
                    for (JsonNode f : d.get("findings")) present |= f.get("id").asText().equals(id);
                    if (present != e.kind().equals("finding")) out.add(id + (present ? " present, expected absent" : " absent, expected present"));
                }
            }
            case "platform" -> expect(out, "platform", e.subject(), orDash(d.at("/slots/platform")));
            case "disk" -> disk(e, d, out);
            case "cpu" -> cpu(e, d, out);
            case "numa" -> {
                int nodes = d.at("/inventory/numa/value/nodes").size();
                expect(out, "numa nodes", e.pairs().get("nodes"), String.valueOf(nodes));
            }
            case "nic" -> nic(e, d, out);
            case "btrfs" -> btrfs(e, d, out);
            case "md" -> md(e, d, out); // md RAID (issue 21.1)
            case "btrfs-ioctl" -> ioctlAgrees(d, ioctl, e.words().isEmpty() ? "" : e.words().get(0), out);
            default -> out.add("expected.txt line " + e.line() + ": unknown kind " + e.kind());
        }
        return out;
    }

    /**
     * {@code ID:@SERIAL} names the disk by its serial or device id, as a disk line does: the sdX name the agent gave
     * that disk takes its place. Without such a disk the word stays as written, and the warnings differ.
     */
    static String bySerial(String word, JsonNode d) {
        int at = word.indexOf(":@");
        if (at < 0) return word;
        JsonNode disk = diskOf(word.substring(at + 2), d);
        return disk == null ? word : word.substring(0, at + 1) + disk.get("name").asText();
    }

    /** The disk whose serial is {@code key}, or without a serial, whose SCSI device id (Proxmox's drive-scsiN) is. */
    private static JsonNode diskOf(String key, JsonNode d) {
        JsonNode disk = null;
        for (JsonNode x : d.at("/inventory/disks/value")) {
            if (key.equals(x.path("serial").asText()) || !x.has("serial") && key.equals(x.path("device_id").asText())) disk = x;
        }
        return disk;
    }

    private static void disk(Expectation e, JsonNode d, List<String> out) {
        JsonNode disk = diskOf(e.subject(), d);
        if (disk == null) {
            out.add("no disk with serial or device id " + e.subject() + " among " + d.at("/inventory/disks/value").findValuesAsText("serial")
                    + " " + d.at("/inventory/disks/value").findValuesAsText("device_id"));
            return;
        }
        String name = disk.get("name").asText();
        for (Map.Entry<String, String> kv : e.pairs().entrySet()) {
            String seen = switch (kv.getKey()) {
                case "bus" -> disk.get("bus").asText();
                case "emulated" -> hasFinding(d, "disk.emulated-bus", name) ? "yes" : "no";
                case "queue_depth" -> disk.has("queue_depth") ? disk.get("queue_depth").asText() : "-";
                case "lbs" -> disk.at("/queue/logical_block_size").asText();
                case "pbs" -> disk.at("/queue/physical_block_size").asText();
                case "discard" -> disk.at("/queue/discard_max_bytes").asLong() > 0 ? "yes" : "no";
                case "rotational" -> disk.at("/queue/rotational").asBoolean() ? "yes" : "no";
                case "shared" -> disk.at("/controller/disks").asText();
                case "smart" -> hasFinding(d, "smart.not-visible", name) ? "hidden" : "visible";
                case "slot" -> orDash(d.path("slots").path("disks").path(name).path("slot"));
                default -> "unknown key " + kv.getKey();
            };
            expect(out, "disk " + e.subject() + " (" + name + ") " + kv.getKey(), kv.getValue(), seen);
        }
    }

    private static void cpu(Expectation e, JsonNode d, List<String> out) {
        JsonNode cpu = d.at("/inventory/cpu/value");
        for (Map.Entry<String, String> kv : e.pairs().entrySet()) {
            switch (kv.getKey()) {
                case "generic" -> expect(out, "cpu generic", kv.getValue(), hasFinding(d, "cpu.generic-model", "cpu") ? "yes" : "no");
                case "level" -> expect(out, "cpu x86-64 level", "x86-64-v" + kv.getValue(), summary(d, "cpu.level").replaceAll(";.*", ""));
                case "threads" -> {
                    int max = 1;
                    for (JsonNode t : cpu.get("topology")) max = Math.max(max, t.path("thread_siblings").asInt(1));
                    expect(out, "cpu threads per core", kv.getValue(), String.valueOf(max));
                }
                case "sockets" -> {
                    Set<String> pk = new TreeSet<>();
                    for (JsonNode t : cpu.get("topology")) pk.add(t.path("package_id").asText());
                    expect(out, "cpu sockets", kv.getValue(), String.valueOf(pk.size()));
                }
                case "missing" -> {
                    Set<String> flags = new TreeSet<>();
                    cpu.get("flags").forEach(f -> flags.add(f.asText()));
                    for (String f : kv.getValue().split(",")) {
                        if (flags.contains(f)) out.add("cpu flag " + f + " present, expected missing");
                    }
                }
                default -> out.add("unknown cpu key " + kv.getKey());
            }
        }
    }

    private static void nic(Expectation e, JsonNode d, List<String> out) {
        JsonNode nic = null;
        for (JsonNode x : d.at("/inventory/nics/value")) if (x.get("name").asText().equals(e.subject())) nic = x;
        // netN: the NIC the agent put in that slot (eth names follow the drivers' probe order, slots do not)
        if (nic == null && e.subject().matches("net\\d+")) {
            for (JsonNode x : d.at("/inventory/nics/value")) {
                if (e.subject().equals(d.path("slots").path("nics").path(x.get("name").asText()).path("slot").asText())) nic = x;
            }
        }
        if (nic == null) {
            out.add("no NIC " + e.subject());
            return;
        }
        String name = nic.get("name").asText();
        Map<String, String> p = e.pairs();
        if (p.containsKey("slot")) expect(out, "nic " + name + " slot", p.get("slot"), orDash(d.path("slots").path("nics").path(name).path("slot")));
        if (p.containsKey("driver")) expect(out, "nic driver", p.get("driver"), nic.path("driver").asText());
        if (p.containsKey("emulated")) expect(out, "nic emulated", p.get("emulated"), hasFinding(d, "nic.emulated", name) ? "yes" : "no");
    }

    /** A slot or platform the agent could not tell is null in its JSON: "-" here. */
    private static String orDash(JsonNode n) {
        return n.isTextual() ? n.asText() : "-";
    }

    private static void btrfs(Expectation e, JsonNode d, List<String> out) {
        Map<String, String> p = e.pairs();
        if (p.containsKey("readonly")) expect(out, "btrfs forced read-only", p.get("readonly"), anyFinding(d, "btrfs.forced-readonly") ? "yes" : "no");
        if (p.containsKey("missing")) expect(out, "btrfs missing device", p.get("missing"), anyFinding(d, "btrfs.missing-device") ? "yes" : "no");
        if (p.containsKey("errors")) expect(out, "btrfs device errors", p.get("errors"), anyFinding(d, "btrfs.device-errors") ? "yes" : "no");
        if (p.containsKey("space")) expect(out, "btrfs metadata space", p.get("space"), severity(d, "btrfs.metadata-space"));
    }

    /** md RAID (issue 21.1): an array by its kernel name, its sysfs state, degraded count and running sync. */
    private static void md(Expectation e, JsonNode d, List<String> out) {
        JsonNode md = null;
        for (JsonNode x : d.at("/inventory/md/value")) if (x.get("name").asText().equals(e.subject())) md = x;
        if (md == null) {
            out.add("no md array " + e.subject());
            return;
        }
        for (var kv : e.pairs().entrySet()) {
            String seen = switch (kv.getKey()) {
                case "level" -> md.path("level").asText("-");
                case "state" -> md.path("array_state").asText("-");
                case "degraded" -> md.path("degraded").asText("-");
                case "sync" -> md.path("sync_action").asText("-");
                case "members" -> String.valueOf(md.path("members").size());
                default -> "unknown md key " + kv.getKey();
            };
            expect(out, "md " + e.subject() + " " + kv.getKey(), kv.getValue(), seen);
        }
    }

    /**
     * {@code equal}: the counters read through BTRFS_IOC_GET_DEV_STATS equal sysfs's error_stats, device by device.
     * {@code only}: a kernel without error_stats (before 5.14): both runs took the ioctl's counters, the same.
     */
    private static void ioctlAgrees(JsonNode sysfs, JsonNode ioctl, String mode, List<String> out) {
        if (!mode.equals("equal") && !mode.equals("only")) {
            out.add("btrfs-ioctl takes equal or only, not '" + mode + "'");
            return;
        }
        String first = mode.equals("equal") ? "sysfs" : "ioctl";
        if (ioctl == null) {
            out.add("no diagnose-ioctl.json: the ioctl run did not happen");
            return;
        }
        Map<String, JsonNode> bySysfs = devices(sysfs);
        Map<String, JsonNode> byIoctl = devices(ioctl);
        if (bySysfs.isEmpty()) out.add("no btrfs device with counters in the first run");
        if (!bySysfs.keySet().equals(byIoctl.keySet())) out.add("devices differ: sysfs " + bySysfs.keySet() + ", ioctl " + byIoctl.keySet());
        for (var kv : bySysfs.entrySet()) {
            JsonNode a = kv.getValue().get("errors");
            JsonNode b = byIoctl.containsKey(kv.getKey()) ? byIoctl.get(kv.getKey()).get("errors") : null;
            if (b == null) continue;
            if (!a.path("origin").asText().equals(first)) out.add(kv.getKey() + ": first run's counters came from " + a.path("origin").asText() + ", expected " + first);
            if (!b.path("origin").asText().equals("ioctl")) out.add(kv.getKey() + ": forced run's counters came from " + b.path("origin").asText());
            for (String c : List.of("write", "read", "flush", "corruption", "generation")) {
                if (!a.path(c).asText().equals(b.path(c).asText())) {
                    out.add(kv.getKey() + " " + c + " errors: sysfs " + a.path(c).asText() + ", ioctl " + b.path(c).asText());
                }
            }
        }
    }

    private static Map<String, JsonNode> devices(JsonNode d) {
        Map<String, JsonNode> m = new java.util.TreeMap<>();
        for (JsonNode fs : d.at("/inventory/btrfs/value")) {
            for (JsonNode dev : fs.path("devices")) {
                if (dev.has("errors")) m.put(fs.get("fsid").asText() + "/" + dev.get("devid").asText(), dev);
            }
        }
        return m;
    }

    private static boolean hasFinding(JsonNode d, String id, String subject) {
        for (JsonNode f : d.get("findings")) if (f.get("id").asText().equals(id) && f.get("subject").asText().equals(subject)) return true;
        return false;
    }

    private static boolean anyFinding(JsonNode d, String id) {
        for (JsonNode f : d.get("findings")) if (f.get("id").asText().equals(id)) return true;
        return false;
    }

    /** The severity of the first finding {@code id}, or "no". */
    private static String severity(JsonNode d, String id) {
        for (JsonNode f : d.get("findings")) if (f.get("id").asText().equals(id)) return f.get("severity").asText();
        return "no";
    }

    private static String summary(JsonNode d, String id) {
        for (JsonNode f : d.get("findings")) if (f.get("id").asText().equals(id)) return f.get("summary").asText();
        return "(no " + id + ")";
    }

    private static void expect(List<String> out, String what, String want, String seen) {
        if (!want.equals(seen)) out.add(what + ": expected " + want + ", agent said " + seen);
    }
}
