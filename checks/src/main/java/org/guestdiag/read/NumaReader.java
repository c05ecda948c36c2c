package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.Numa;
import org.guestdiag.model.NumaNode;

/** /sys/devices/system/node, /proc/sys/kernel/numa_balancing and MemTotal into a {@link Numa}. */
public final class NumaReader implements Source<Numa> {
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^(?:Node \\d+ )?MemTotal:\\s+(\\d+) kB\\s*$");

    @Override
    public String name() {
        return "numa";
    }

    @Override
    public Numa read(Root root, Problems problems) {
        Path dir = root.sys("devices/system/node");
        List<NumaNode> nodes = new ArrayList<>();
        for (String name : root.list(dir)) {
            if (!name.matches("node\\d{1,5}")) continue;
            Path n = dir.resolve(name);
            Optional<BitSet> cpus = cpus(root, n, problems);
            OptionalLong mem = problems.guard(() -> root.text(n.resolve("meminfo")).map(t -> memTotal(t, root.display(n.resolve("meminfo"))))
                    .orElse(OptionalLong.empty()), OptionalLong.empty());
            List<Integer> distances = problems.guard(() -> root.attribute(n.resolve("distance"))
                    .map(d -> distances(d, root.display(n.resolve("distance")))).orElse(List.of()), List.of());
            nodes.add(new NumaNode(Integer.parseInt(name.substring(4)), cpus.map(CpuList::format),
                    cpus.map(c -> OptionalInt.of(c.cardinality())).orElse(OptionalInt.empty()), mem, distances));
        }
        nodes.sort(java.util.Comparator.comparingInt(NumaNode::id));
        var balancing = Attributes.integer(root, root.proc("sys/kernel/numa_balancing"), problems);
        OptionalLong total = problems.guard(() -> root.text(root.proc("meminfo")).map(t -> memTotal(t, "/proc/meminfo"))
                .orElse(OptionalLong.empty()), OptionalLong.empty());
        return new Numa(nodes, balancing, total);
    }

    /** The node's CPUs from {@code cpulist}, else from {@code cpumap}; absent when it has neither (or a garbled one). */
    private static Optional<BitSet> cpus(Root root, Path node, Problems problems) {
        Optional<String> list = Attributes.string(root, node.resolve("cpulist"), problems);
        Path file = node.resolve(list.isPresent() ? "cpulist" : "cpumap");
        Optional<String> text = list.isPresent() ? list : Attributes.string(root, file, problems);
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(list.isPresent() ? CpuList.parse(text.get()) : CpuList.parseMask(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(new ReadException(root.display(file), e.getMessage()));
            return Optional.empty();
        }
    }

    /** MemTotal in bytes from /proc/meminfo or a node's meminfo ("Node 0 MemTotal: 514384 kB"). */
    static OptionalLong memTotal(String meminfo, String file) {
        Matcher m = MEM_TOTAL.matcher(meminfo);
        if (!m.find()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), 1024L));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ReadException(file, "MemTotal out of range: " + m.group(1));
        }
    }

    static List<Integer> distances(String row, String file) {
        List<Integer> list = new ArrayList<>();
        for (String s : row.strip().split("\\s+")) {
            if (s.isEmpty()) continue;
            try {
                list.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new ReadException(file, "not a distance: '" + Attributes.abbreviate(s) + "'");
            }
        }
        return list;
    }
}
