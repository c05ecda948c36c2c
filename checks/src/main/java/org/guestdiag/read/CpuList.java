package org.guestdiag.read;

import java.util.BitSet;

/** The kernel's cpulist format ({@code 0-3,8,10-11}), as in online, cpulist and thread_siblings_list. */
public final class CpuList {
    private CpuList() { }

    /** The CPUs in the list; an empty string is an empty set. Throws IllegalArgumentException on garbage. */
    public static BitSet parse(String list) {
        BitSet set = new BitSet();
        String s = list.strip();
        if (s.isEmpty()) return set;
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            try {
                if (dash < 0) {
                    set.set(bounded(Integer.parseInt(part.strip())));
                } else {
                    int from = bounded(Integer.parseInt(part.substring(0, dash).strip()));
                    int to = bounded(Integer.parseInt(part.substring(dash + 1).strip()));
                    if (to < from) throw new IllegalArgumentException("range " + part + " runs backwards");
                    set.set(from, to + 1);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a cpulist: " + part);
            }
        }
        return set;
    }

    // the kernel's NR_CPUS tops out at 8192 on x86-64 (MAXSMP); a larger number is garbage, not a CPU
    private static int bounded(int cpu) {
        if (cpu < 0 || cpu >= 8192) throw new IllegalArgumentException("cpu number out of range: " + cpu);
        return cpu;
    }

    /**
     * The kernel's cpumask format ({@code 00000000,0000000f}): hex, in 32-bit groups separated by commas,
     * the most significant group first, as in a node's {@code cpumap} (kept without {@code cpulist} by
     * kernels before 2.6.26-ish and by some trimmed sysfs trees). Throws IllegalArgumentException on garbage.
     */
    public static BitSet parseMask(String mask) {
        BitSet set = new BitSet();
        String s = mask.strip();
        if (s.isEmpty()) return set;
        String[] groups = s.split(",");
        if (groups.length * 32 > 8192) throw new IllegalArgumentException("cpumask longer than NR_CPUS: " + groups.length + " groups");
        for (int g = 0; g < groups.length; g++) {
            String group = groups[groups.length - 1 - g].strip();
            if (group.isEmpty() || group.length() > 8 || !group.matches("\\p{XDigit}+")) throw new IllegalArgumentException("not a cpumask group: " + group);
            long bits = Long.parseLong(group, 16);
            for (int b = 0; b < 32; b++) if ((bits >>> b & 1) != 0) set.set(g * 32 + b);
        }
        return set;
    }

    /** The set written as the kernel writes a cpulist: ranges of consecutive CPUs ({@code 0-3,8}). */
    public static String format(BitSet set) {
        StringBuilder b = new StringBuilder();
        for (int from = set.nextSetBit(0); from >= 0; ) {
            int to = set.nextClearBit(from) - 1;
            if (b.length() > 0) b.append(',');
            b.append(from);
            if (to > from) b.append('-').append(to);
            from = set.nextSetBit(to + 1);
        }
        return b.toString();
    }
}
