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
}
