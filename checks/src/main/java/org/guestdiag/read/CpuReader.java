package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.CpuTopology;
import org.guestdiag.model.CpuinfoPlace;

/** /proc/cpuinfo and /sys/devices/system/cpu/cpuN/topology into a {@link Cpu}. */
public final class CpuReader implements Source<Cpu> {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Cpu read(Root root, Problems problems) {
        Path file = root.proc("cpuinfo");
        String text = root.text(file).orElseThrow(() -> new ReadException(root.display(file), "missing"));
        List<Map<String, String>> blocks = parse(text, root.display(file));
        return toCpu(blocks, readOnline(root, problems), readTopology(root, problems));
    }

    /** The processor blocks of cpuinfo, each as key → value, in order. */
    static List<Map<String, String>> parse(String text, String file) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                if (!block.isEmpty()) blocks.add(block);
                block = new LinkedHashMap<>();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ReadException(file, i + 1, line, "expected 'key : value'");
            }
            block.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        if (!block.isEmpty()) blocks.add(block);
        blocks.removeIf(b -> !b.containsKey("processor"));
        if (blocks.isEmpty()) {
            throw new ReadException(file, "no 'processor' entries");
        }
        return blocks;
    }

    static Cpu toCpu(List<Map<String, String>> blocks, Optional<String> online, List<CpuTopology> topology) {
        Map<String, String> first = blocks.get(0);
        Set<String> flags = flags(first);
        boolean differ = blocks.stream().anyMatch(b -> !flags(b).equals(flags));
        String vendor = first.getOrDefault("vendor_id", first.getOrDefault("CPU implementer", ""));
        String model = first.getOrDefault("model name", first.getOrDefault("Hardware", ""));
        List<CpuinfoPlace> places = new ArrayList<>();
        for (Map<String, String> b : blocks) {
            places.add(new CpuinfoPlace(number(b, "processor").orElse(places.size()), number(b, "physical id"), number(b, "core id"),
                    number(b, "siblings"), number(b, "cpu cores")));
        }
        return new Cpu(vendor, model, number(first, "cpu family"), number(first, "model"), number(first, "stepping"),
                flags, differ, blocks.size(), online, topology, places);
    }

    private static Set<String> flags(Map<String, String> block) {
        String f = block.getOrDefault("flags", block.getOrDefault("Features", ""));
        Set<String> set = new TreeSet<>();
        for (String s : f.split("\\s+")) if (!s.isEmpty()) set.add(s);
        return set;
    }

    private static OptionalInt number(Map<String, String> block, String key) {
        String v = block.get(key);
        if (v == null) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty(); // e.g. arm's "model name" style fields; identity stays in the strings
        }
    }

    private static Optional<String> readOnline(Root root, Problems problems) {
        return Attributes.string(root, root.sys("devices/system/cpu/online"), problems);
    }

    private static List<CpuTopology> readTopology(Root root, Problems problems) {
        Path cpus = root.sys("devices/system/cpu");
        List<CpuTopology> list = new ArrayList<>();
        for (String name : problems.guard(() -> root.list(cpus), List.<String>of())) {
            if (!name.matches("cpu\\d{1,5}")) continue;
            int n = Integer.parseInt(name.substring(3));
            Path t = cpus.resolve(name).resolve("topology");
            if (!root.isDirectory(t)) continue; // offline CPUs have no topology directory
            // thread_siblings_list is on every kernel we meet; 5.x added core_cpus_list as its new name and may
            // drop the old one some day; trimmed trees (and some containers' sysfs) have neither, which says
            // nothing about threads
            Path listFile = t.resolve("thread_siblings_list");
            Optional<String> siblings = Attributes.string(root, listFile, problems);
            if (siblings.isEmpty()) {
                listFile = t.resolve("core_cpus_list");
                siblings = Attributes.string(root, listFile, problems);
            }
            Optional<String> siblingsFile = siblings.map(x -> "thread_siblings_list");
            if (siblings.isPresent() && listFile.getFileName().toString().equals("core_cpus_list")) siblingsFile = Optional.of("core_cpus_list");
            OptionalInt count = OptionalInt.empty();
            try {
                if (siblings.isPresent()) count = OptionalInt.of(Math.max(1, CpuList.parse(siblings.get()).cardinality()));
            } catch (IllegalArgumentException e) {
                problems.add(new ReadException(root.display(listFile), e.getMessage()));
            }
            list.add(new CpuTopology(n,
                    Attributes.integer(root, t.resolve("physical_package_id"), problems),
                    Attributes.integer(root, t.resolve("die_id"), problems),
                    Attributes.integer(root, t.resolve("core_id"), problems),
                    siblings, count, siblingsFile));
        }
        list.sort(java.util.Comparator.comparingInt(CpuTopology::cpu));
        return list;
    }
}
