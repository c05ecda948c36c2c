package org.guestdiag.check.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The x86-64 microarchitecture levels of the psABI (x86-64-v1 … v4), from the cpuinfo flags. RHEL 9 and
 * its rebuilds require v2; some distributions now build for v3. Flag names are the kernel's: pni is SSE3,
 * abm carries LZCNT, lahf_lm is LAHF/SAHF in 64-bit mode.
 */
public final class X86Level {
    private X86Level() { }

    static final List<List<String>> LEVELS = List.of(
            List.of("lm", "cmov", "cx8", "fpu", "fxsr", "mmx", "syscall", "sse", "sse2"),
            List.of("cx16", "lahf_lm", "popcnt", "pni", "sse4_1", "sse4_2", "ssse3"),
            List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"),
            List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"));

    /** The highest level whose flags (and all lower levels' flags) are present; 0 when not even v1. */
    public static int of(Set<String> flags) {
        int level = 0;
        for (List<String> required : LEVELS) {
            if (!flags.containsAll(required)) break;
            level++;
        }
        return level;
    }

    /** The flags missing for the given level. */
    public static List<String> missingFor(int level, Set<String> flags) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < level && i < LEVELS.size(); i++) {
            for (String f : LEVELS.get(i)) if (!flags.contains(f)) missing.add(f);
        }
        return missing;
    }

    /** x86-64 CPUs report lm (long mode); other architectures have no levels. */
    public static boolean isX86(Set<String> flags) {
        return flags.contains("lm") || flags.contains("sse2");
    }
}
