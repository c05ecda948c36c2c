package org.guestdiag.check.cpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.CpuTopology;
import org.guestdiag.model.CryptoDriver;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Which instruction-set extensions the guest lacks and what that slows, its x86-64 level, its topology,
 * and which accelerated drivers the kernel actually uses (/proc/crypto).
 */
public final class CpuFeaturesCheck implements Check {
    /** What an extension's absence costs: in a few words for the summary, and in full for the evidence. */
    record Cost(String inSoftware, String slows) { }
    /** Extensions whose absence costs a storage or crypto workload. */
    static final Map<String, Cost> IMPORTANT = new LinkedHashMap<>();
    /** Extensions a host CPU may simply not have; their absence is told, not warned. */
    static final Map<String, String> USEFUL = new LinkedHashMap<>();

    static {
        IMPORTANT.put("sse4_2", new Cost("CRC32C checksums",
                "CRC32C in hardware (btrfs, ext4/XFS metadata and iSCSI checksums fall back to crc32c-generic)"));
        IMPORTANT.put("aes", new Cost("AES encryption", "AES-NI (LUKS/dm-crypt, TLS, SSH and ZFS encryption run in software)"));
        IMPORTANT.put("pclmulqdq", new Cost("GHASH (AES-GCM)", "carry-less multiply (AES-GCM, CRC folding, crct10dif)"));
        IMPORTANT.put("ssse3", new Cost("RAID6 recovery", "SSSE3 (software RAID6 recovery, SHA and ChaCha20 paths)"));
        USEFUL.put("avx", "AVX");
        USEFUL.put("avx2", "AVX2 (RAID6 syndromes, xxhash/blake2 for btrfs, zstd, memory copies)");
        USEFUL.put("sha_ni", "SHA extensions (sha256 checksums, e.g. btrfs --csum sha256, dm-verity)");
        USEFUL.put("rdrand", "RDRAND (early boot entropy)");
    }

    @Override public String name() { return "cpu-features"; }
    @Override public String area() { return "cpu"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.CPU); }
    @Override public List<Source<?>> optional() { return List.of(Sources.CRYPTO, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        Cpu cpu = inv.get(Sources.CPU);
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's CPU: the hypervisor check says so once
        topology(cpu, machine, out);
        if (!X86Level.isX86(cpu.flags())) return;
        if (machine.bareMetal()) {
            physical(cpu, inv, out);
            return;
        }
        int level = X86Level.of(cpu.flags());
        List<String> important = IMPORTANT.keySet().stream().filter(f -> !cpu.has(f)).toList();
        List<String> useful = USEFUL.keySet().stream().filter(f -> !cpu.has(f)).toList();
        if (level < 2) {
            out.add(Finding.of("cpu.x86-64-level", Severity.WARNING, "cpu")
                    .summary("The guest CPU is only x86-64-v" + level + ": RHEL 9 and its rebuilds need v2")
                    .evidence("/proc/cpuinfo flags", "missing for v2: " + String.join(" ", X86Level.missingFor(2, cpu.flags())))
                    .why("Distributions built for x86-64-v2 or newer (RHEL/AlmaLinux/Rocky 9, some Ubuntu variants) refuse to boot or "
                            + "crash on illegal instructions, and libraries pick their slowest code paths.")
                    .remedy("qm set <vmid> --cpu host   (or --cpu x86-64-v2-AES)", "virsh edit <domain>: <cpu mode='host-passthrough'/>; applied at the domain's next shutdown and start (virsh shutdown, virsh start)", "-cpu host"));
        }
        if (!important.isEmpty()) {
            Finding.Builder f = Finding.of("cpu.missing-features", Severity.WARNING, "cpu")
                    .summary("The guest CPU lacks " + String.join(", ", important) + ": "
                            + String.join(", ", important.stream().map(m -> IMPORTANT.get(m).inSoftware()).toList()) + " run in software")
                    .evidence("/proc/cpuinfo flags", "missing " + String.join(" ", important));
            for (String m : important) f.evidence("slows", m + ": " + IMPORTANT.get(m).slows());
            // Proxmox's x86-64-v2-AES and x86-64-v3 add AES but not PCLMULQDQ, and its --cpu flags= list cannot add it
            boolean onlyPclmul = important.equals(List.of("pclmulqdq"));
            f.why("Almost every x86-64 host of the last decade has these; a VM without them was given a CPU model that hides them"
                            + (onlyPclmul ? " (Proxmox's x86-64-v2-AES and x86-64-v3 models add AES-NI but not PCLMULQDQ)." : "."))
                    .remedy(onlyPclmul
                                    ? "qm set <vmid> --cpu host   (mixed cluster: a named model all nodes support, e.g. --cpu EPYC-v4 or "
                                            + "Skylake-Server-v4, or a custom model in /etc/pve/virtual-guest/cpu-models.conf with flags +pclmulqdq)"
                                    : "qm set <vmid> --cpu host   (mixed cluster: --cpu x86-64-v2-AES, or a named model all nodes support)",
                            "virsh edit <domain>: <cpu mode='host-passthrough'/>   (mixed cluster: <cpu mode='custom'><model>…</model><feature policy='require' name='pclmuldq'/></cpu>); applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                            onlyPclmul ? "-cpu host   (or add the flag: -cpu qemu64,+pclmulqdq,…)" : "-cpu host");
            out.add(f);
        }
        Finding.Builder lvl = Finding.of("cpu.level", Severity.INFO, "cpu")
                .summary("x86-64-v" + level + (useful.isEmpty() ? "" : "; not offered: " + String.join(", ", useful)))
                .evidence("/proc/cpuinfo model name", cpu.modelName());
        for (String m : useful) lvl.evidence("not offered", USEFUL.get(m));
        out.add(lvl.why("The level decides which builds run and which fast paths libraries take. Extensions the host CPU lacks "
                + "cannot be given to the guest by any setting."));
        inv.find(Sources.CRYPTO).filter(l -> !l.isEmpty()).ifPresent(c -> acceleration(cpu, c, out));
    }

    /**
     * A physical CPU: what it lacks it lacks, no setting adds it, so its level and missing extensions are told, not
     * warned, and the kernel's use of what it has is still checked.
     */
    private static void physical(Cpu cpu, Inventory inv, Report out) {
        int level = X86Level.of(cpu.flags());
        List<String> missing = new ArrayList<>(IMPORTANT.keySet().stream().filter(f -> !cpu.has(f)).toList());
        missing.addAll(USEFUL.keySet().stream().filter(f -> !cpu.has(f)).toList());
        Finding.Builder lvl = Finding.of("cpu.level", Severity.INFO, "cpu")
                .summary("x86-64-v" + level + (missing.isEmpty() ? "" : "; this processor lacks " + String.join(", ", missing)))
                .evidence("/proc/cpuinfo model name", cpu.modelName());
        for (String m : missing) {
            lvl.evidence("lacks", IMPORTANT.containsKey(m) ? m + ": " + IMPORTANT.get(m).slows() : USEFUL.get(m));
        }
        if (level < 2) lvl.evidence("/proc/cpuinfo flags", "missing for v2: " + String.join(" ", X86Level.missingFor(2, cpu.flags())));
        out.add(lvl.why("On a physical machine the flags are the processor's own: only other hardware adds an extension. The level "
                + "decides which builds run (RHEL 9 and its rebuilds need v2) and which fast paths libraries take."));
        inv.find(Sources.CRYPTO).filter(l -> !l.isEmpty()).ifPresent(c -> acceleration(cpu, c, out));
    }

    private static void topology(Cpu cpu, Machine machine, Report out) {
        String unit = machine.vm() ? " vCPUs" : " CPUs";
        OptionalInt threads = cpu.threadsPerCore();
        int sockets = cpu.sockets();
        int cores = cpu.cores();
        String perCore = threads.isPresent() ? threads.getAsInt() + (threads.getAsInt() == 1 ? " thread" : " threads") : "unknown threads per core";
        Finding.Builder f = Finding.of("cpu.topology", Severity.INFO, "cpu")
                .summary(cpu.processors() + unit + " as " + sockets + (sockets == 1 ? " socket" : " sockets") + " × "
                        + Math.max(1, cores / Math.max(1, sockets)) + " cores × " + perCore)
                .evidence("/proc/cpuinfo processors", cpu.processors());
        cpu.online().ifPresent(o -> f.evidence("/sys/devices/system/cpu/online", o));
        OptionalInt bySysfs = cpu.threadsPerCoreBySysfs();
        OptionalInt byCpuinfo = cpu.threadsPerCoreByCpuinfo();
        // named after the file the list came from: core_cpus_list where thread_siblings_list is absent
        cpu.topology().stream().findFirst().filter(t -> t.threadSiblingsList().isPresent())
                .ifPresent(t -> f.evidence("/sys/devices/system/cpu/cpu" + t.cpu() + "/topology/" + t.siblingsFile().orElse("thread_siblings_list"),
                        t.threadSiblingsList().get()));
        if (bySysfs.isEmpty()) f.evidence("/sys/devices/system/cpu/cpu*/topology", "no thread_siblings_list or core_cpus_list");
        cpu.cpuinfo().stream().findFirst().filter(p -> p.siblings().isPresent() && p.cpuCores().isPresent())
                .ifPresent(p -> f.evidence("/proc/cpuinfo siblings / cpu cores", p.siblings().getAsInt() + " / " + p.cpuCores().getAsInt()));
        if (bySysfs.isPresent() && byCpuinfo.isPresent() && bySysfs.getAsInt() != byCpuinfo.getAsInt()) {
            f.evidence("disagreement", "sysfs shows " + bySysfs.getAsInt() + " threads per core, /proc/cpuinfo " + byCpuinfo.getAsInt()
                    + " (sysfs is taken: it is what the scheduler uses)");
        }
        if (cpu.has("ht") && threads.isPresent() && threads.getAsInt() == 1 && machine.vm()) {
            f.evidence("/proc/cpuinfo flags", "ht (QEMU sets it on every model; the topology shows no sibling threads)");
        }
        out.add(f.why(machine.vm()
                ? "Threads per core come from the topology, not from the ht flag. The guest scheduler places work by this "
                        + "topology; with host passthrough and matching sockets/cores/threads it can avoid sharing a core's resources."
                : "Threads per core come from the topology, not from the ht flag. The scheduler places work by this topology."));
    }

    private static void acceleration(Cpu cpu, List<CryptoDriver> crypto, Report out) {
        Optional<CryptoDriver> crc = best(crypto, "crc32c");
        Optional<CryptoDriver> aes = best(crypto, "aes");
        List<String> parts = new ArrayList<>();
        crc.ifPresent(c -> parts.add("crc32c by " + c.driver()));
        aes.ifPresent(a -> parts.add("aes by " + a.driver()));
        if (parts.isEmpty()) return;
        // the CPU offers the instruction and the kernel still computes in software: the accelerated module is not loaded
        List<String> unused = new ArrayList<>();
        if (crc.filter(CpuFeaturesCheck::software).isPresent() && cpu.has("sse4_2")) {
            unused.add("the CPU has SSE4.2 but crc32c-intel is not loaded");
        }
        if (aes.filter(CpuFeaturesCheck::software).isPresent() && cpu.has("aes")) {
            unused.add("the CPU has AES-NI but aesni_intel is not loaded");
        }
        Finding.Builder f = Finding.of("cpu.acceleration", Severity.INFO, "cpu")
                .summary("The kernel uses " + String.join(", ", parts)
                        + (unused.isEmpty() ? "" : " (" + String.join("; ", unused) + ")"));
        crc.ifPresent(c -> f.evidence("/proc/crypto crc32c", c.driver() + " priority " + c.priority().orElse(0)));
        aes.ifPresent(a -> f.evidence("/proc/crypto aes", a.driver() + " priority " + a.priority().orElse(0)));
        boolean soft = crc.filter(CpuFeaturesCheck::software).isPresent() || aes.filter(CpuFeaturesCheck::software).isPresent();
        out.add(f.why("The kernel picks the highest-priority driver of each algorithm. "
                + (soft ? "The portable drivers it uses here (the '-generic' ones, and AES's 'aes-fixed-time') compute in software, "
                        + "several times slower than the CPU's instructions."
                        : "The drivers it uses here are the accelerated ones.")));
    }

    /**
     * The kernel's portable implementations: crypto/'s "-generic" drivers and aes_ti's "aes-fixed-time" (table-free, so
     * constant-time, and slower still), which kernels without aesni_intel rank above aes-generic.
     */
    static boolean software(CryptoDriver d) {
        return d.driver().endsWith("-generic") || d.driver().equals("aes-fixed-time");
    }

    /** The driver the kernel would choose for an algorithm: the highest priority among those registered. */
    static Optional<CryptoDriver> best(List<CryptoDriver> crypto, String name) {
        return crypto.stream().filter(c -> c.name().equals(name))
                .max(Comparator.comparingInt(c -> c.priority().orElse(0)));
    }
}
