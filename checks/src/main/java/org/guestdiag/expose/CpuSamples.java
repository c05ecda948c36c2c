package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.guestdiag.check.cpu.X86Level;
import org.guestdiag.model.Cpu;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** The guest CPU as series: identity, the flags that decide speed and bootability, x86-64 level, topology. */
public final class CpuSamples {
    private CpuSamples() { }

    /**
     * Flags exposed as 0/1: the x86-64 level flags that distributions require, the crypto/checksum
     * accelerators storage leans on, and the ones that tell a virtualised CPU model apart (hypervisor,
     * x2apic, TSC). All flags would be ~100 series per VM, mostly noise.
     */
    static final List<String> FLAGS = List.of("hypervisor", "lm", "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2",
            "avx", "avx2", "bmi1", "bmi2", "fma", "movbe", "xsave", "avx512f", "aes", "pclmulqdq", "sha_ni", "rdrand",
            "x2apic", "tsc_deadline_timer", "constant_tsc", "nonstop_tsc", "pdpe1gb", "pcid", "invpcid", "md_clear", "arch_capabilities");

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        inv.find(Sources.CPU).ifPresent(cpu -> add(cpu, out));
        return out;
    }

    private static void add(Cpu cpu, List<Sample> out) {
        out.add(Sample.gauge("guestdiag_cpu_info", "CPU identity of the first processor in /proc/cpuinfo.",
                Labels.of("vendor", cpu.vendor(), "model_name", cpu.modelName(), "family", text(cpu.family()),
                        "model", text(cpu.model()), "stepping", text(cpu.stepping())), 1));
        for (String f : FLAGS) {
            out.add(Sample.gauge("guestdiag_cpu_flag", "Whether /proc/cpuinfo lists the flag (1) or not (0), for the flags that matter in a VM.",
                    Labels.of("flag", f), Labels.bool(cpu.has(f))));
        }
        out.add(Sample.gauge("guestdiag_cpu_flags_differ", "1 when some processor in /proc/cpuinfo lists other flags than the first.",
                Map.of(), Labels.bool(cpu.flagsDiffer())));
        if (X86Level.isX86(cpu.flags())) {
            out.add(Sample.gauge("guestdiag_cpu_x86_64_level", "Highest x86-64 psABI microarchitecture level (1-4) the /proc/cpuinfo flags satisfy; 0 below v1.",
                    Map.of(), X86Level.of(cpu.flags())));
        }
        out.add(Sample.gauge("guestdiag_cpu_processors", "Processors listed in /proc/cpuinfo.", Map.of(), cpu.processors()));
        out.add(Sample.gauge("guestdiag_cpu_sockets", "Distinct physical packages in /sys/devices/system/cpu/cpu*/topology.", Map.of(), cpu.sockets()));
        out.add(Sample.gauge("guestdiag_cpu_cores", "Distinct cores in /sys/devices/system/cpu/cpu*/topology.", Map.of(), cpu.cores()));
        cpu.threadsPerCore().ifPresent(t -> out.add(Sample.gauge("guestdiag_cpu_threads_per_core",
                "Most threads sharing a core, from core_cpus_list/thread_siblings_list, else /proc/cpuinfo siblings over cpu cores.", Map.of(), t)));
    }

    private static String text(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "";
    }
}
