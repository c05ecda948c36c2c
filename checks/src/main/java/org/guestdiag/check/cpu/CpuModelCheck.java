package org.guestdiag.check.cpu;

import java.util.List;
import java.util.regex.Pattern;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Cpu;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Whether the guest was given one of QEMU's generic CPU models: kvm64 ("Common KVM processor"), qemu64
 * ("QEMU Virtual CPU version …"), kvm32/qemu32, or TCG's own ("QEMU TCG CPU version …"). They present a
 * lowest-common-denominator CPU that hides the host's instruction-set extensions and topology.
 */
public final class CpuModelCheck implements Check {
    static final Pattern GENERIC = Pattern.compile("^(Common (32-bit )?KVM processor|QEMU Virtual CPU version .*|QEMU TCG CPU version .*)$");
    /** libvirt's way to pass the host CPU through (formatdomain: CPU model and topology). */
    private static final String LIBVIRT_REMEDY = "virsh edit <domain>: <cpu mode='host-passthrough' check='none'/>   (mixed cluster: <cpu mode='custom' match='exact'><model fallback='forbid'>EPYC-v4</model></cpu>, a model every host has); applied at the domain's next shutdown and start (virsh shutdown, virsh start)";
    private static final String QEMU_REMEDY = "-cpu host   (mixed hosts: a named model, e.g. -cpu EPYC-v4 or -cpu Skylake-Server-v4)";
    private static final List<String> SHOWN = List.of("sse4_2", "ssse3", "aes", "pclmulqdq", "avx", "avx2", "sha_ni");

    @Override public String name() { return "cpu-model"; }
    @Override public String area() { return "cpu"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.CPU); }
    @Override public List<Source<?>> optional() { return List.of(Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        Cpu cpu = inv.get(Sources.CPU);
        if (!X86Level.isX86(cpu.flags())) return;
        // a physical CPU is the model it is, and a container's is its host's: no CPU type to choose here
        if (!Machine.of(inv).vm()) return;
        if (!GENERIC.matcher(cpu.modelName()).matches()) return;
        boolean tcg = cpu.modelName().startsWith("QEMU TCG CPU");
        int level = X86Level.of(cpu.flags());
        // Proxmox's x86-64-v2-AES and x86-64-v3 are qemu64 with flags added: the same model name, a higher baseline
        boolean raised = !tcg && level >= 2 && cpu.has("aes");
        List<String> missing = SHOWN.stream().filter(f -> !cpu.has(f)).toList();
        Finding.Builder f = Finding.of("cpu.generic-model", Severity.WARNING, "cpu")
                .summary("Generic CPU model '" + cpu.modelName() + "'"
                        + (raised ? " raised to x86-64-v" + level + " with AES" : "")
                        + (missing.isEmpty() ? "" : ": hides " + String.join(", ", missing)))
                .evidence("/proc/cpuinfo model name", cpu.modelName())
                .evidence("/proc/cpuinfo cpu family/model", cpu.family().orElse(-1) + "/" + cpu.model().orElse(-1))
                .evidence("x86-64 level", "v" + level);
        if (!missing.isEmpty()) f.evidence("/proc/cpuinfo flags", "missing " + String.join(" ", missing));
        if (raised) {
            f.why("A baseline model (such as Proxmox's x86-64-v" + level + (level == 2 ? "-AES" : "") + ") keeps the VM migratable "
                    + "between hosts of different CPU generations and already gives SSE4.2 (CRC32C for btrfs) and AES-NI. It still "
                    + "hides what the host has beyond that baseline" + (missing.isEmpty() ? "" : " (here " + String.join(", ", missing) + ")")
                    + " and the host's model and topology. The 'host' type passes the host's CPU through; its trade-off: live "
                    + "migration then needs hosts with the same CPU.");
            f.remedy(level < 3 ? "qm set <vmid> --cpu host   (mixed cluster where every node has AVX2: --cpu x86-64-v3)"
                            : "qm set <vmid> --cpu host   (mixed cluster: the newest named model every node supports, e.g. --cpu EPYC-v4)",
                    LIBVIRT_REMEDY, QEMU_REMEDY);
        } else {
            f.why("A generic model is the least common denominator of all x86-64 CPUs: the guest loses the host's "
                    + "instruction-set extensions (CRC32C for btrfs checksums, AES-NI for LUKS and TLS, AVX2 for RAID and "
                    + "compression) and its real topology. "
                    + (tcg ? "This one is TCG's own model: enable KVM first (see the hypervisor finding), then choose the CPU type. "
                           : "The 'host' type passes the host's CPU through; its trade-off: live migration then needs hosts with the same CPU. "
                           + "In a mixed cluster choose the newest model all nodes support (Proxmox x86-64-v2-AES or x86-64-v3, or a named model)."));
            f.remedy("qm set <vmid> --cpu host   (mixed cluster: --cpu x86-64-v2-AES or x86-64-v3)", LIBVIRT_REMEDY, QEMU_REMEDY);
        }
        out.add(f);
    }
}
