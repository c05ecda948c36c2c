package org.guestdiag.check.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.check.Check;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.slot.Platform;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Who runs this VM, and whether QEMU runs it with KVM or emulates every instruction (TCG). Under KVM the
 * guest kernel finds the KVM CPUID signature and prints "Hypervisor detected: KVM", and registers the
 * kvm-clock clocksource; under TCG neither happens.
 */
public final class HypervisorCheck implements Check {
    private static final Pattern DETECTED = Pattern.compile("^Hypervisor detected: (.+)$");

    @Override public String name() { return "hypervisor"; }
    @Override public String area() { return "hypervisor"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.CPU, Sources.HYPERVISOR); }
    // the disks' device ids and the disks' and NICs' PCI places tell the platform that built the VM
    @Override public List<Source<?>> optional() { return Slots.withSources(requires(), List.of(Sources.KERNEL_LOG)); }

    @Override
    public void run(Inventory inv, Report out) {
        Cpu cpu = inv.get(Sources.CPU);
        Hypervisor hv = inv.get(Sources.HYPERVISOR);
        Optional<KernelLog> log = inv.find(Sources.KERNEL_LOG);
        Optional<LogRecord> detected = log.flatMap(l -> l.records().stream().filter(r -> DETECTED.matcher(r.message()).matches()).findFirst());
        Optional<String> detectedName = detected.map(r -> {
            Matcher m = DETECTED.matcher(r.message());
            return m.matches() ? m.group(1).strip() : "";
        });
        boolean kvmClock = hv.clocksources().contains("kvm-clock")
                || log.map(l -> l.records().stream().anyMatch(r -> r.message().startsWith("clocksource: kvm-clock:"))).orElse(false);
        boolean kvm = kvmClock || detectedName.filter("KVM"::equals).isPresent();
        Optional<Evidence> qemuSign = qemuSign(cpu, hv);
        Machine machine = Machine.of(cpu, Optional.of(hv));
        if (machine.container()) {
            container(machine, cpu, out);
            return;
        }
        if (machine.bareMetal()) {
            bareMetal(machine, hv, out);
            return;
        }

        if (qemuSign.isPresent() && !kvm && detectedName.isEmpty() && hv.sysHypervisorType().isEmpty()) {
            Finding.Builder f = Finding.of("hypervisor.tcg", Severity.CRITICAL, "vm");
            boolean byName = cpu.modelName().contains("TCG");
            boolean byClock = !hv.clocksources().isEmpty();
            boolean byLog = log.map(KernelLog::fromBoot).orElse(false);
            if (byName || byClock || byLog) {
                f.summary("QEMU emulates this VM's CPU instruction by instruction (TCG): no KVM acceleration")
                        .evidence(List.of(qemuSign.get()));
                if (byName && !qemuSign.get().source().equals(MODEL_NAME)) f.evidence(MODEL_NAME, cpu.modelName());
                if (byClock) f.evidence("/sys/devices/system/clocksource/clocksource0/available_clocksource", String.join(" ", hv.clocksources()) + " (no kvm-clock)");
                if (byLog) f.evidence("/dev/kmsg", "no 'Hypervisor detected' line in a log that starts at boot");
                out.add(f.why("TCG runs guest code 10 to 50 times slower than KVM: every disk, network and CPU verdict below "
                                + "matters less than this one. It happens when the host has no /dev/kvm (virtualisation off in the "
                                + "host's firmware, nested virtualisation not offered) or the VM was set to run without KVM.")
                        .remedy("qm set <vmid> --kvm 1  (and enable VT-x/AMD-V in the host firmware; check that /dev/kvm exists on the host)",
                                "virsh edit <domain>: <domain type='kvm'> instead of type='qemu' (virsh capabilities lists kvm once /dev/kvm exists); applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                "-accel kvm (or -enable-kvm)"));
            }
        }

        Finding.Builder id = Finding.of("hypervisor.identity", Severity.INFO, "vm");
        String who = kvm ? "KVM" : detectedName.orElse(hv.sysHypervisorType().orElse(qemuSign.isPresent() ? "QEMU" : "no hypervisor signature"));
        StringBuilder summary = new StringBuilder("Runs under ").append(who);
        hv.dmi("product_version").filter(v -> v.startsWith("pc-")).ifPresent(v -> summary.append(", machine type ").append(v));
        hv.dmi("bios_vendor").ifPresent(v -> summary.append(", firmware ").append(v));
        if (hv.dmi().isEmpty()) summary.append(" (no DMI: a microVM or a minimal machine model)");
        Optional<Platform.Seen> platform = Slots.of(inv).platform();
        platform.ifPresent(p -> summary.append(switch (p.platform()) {
            case PROXMOX -> "; built by Proxmox VE";
            case LIBVIRT -> "; built by libvirt, as far as its layout shows (disks and NICs are named by slot on Proxmox VE only)";
            case QEMU -> "; no sign of Proxmox VE or libvirt seen, so disks and NICs are not named by slot";
        }));
        id.summary(summary.toString());
        platform.filter(p -> p.platform() != Platform.QEMU).ifPresent(p -> id.evidence(p.evidence()));
        detected.ifPresent(r -> id.evidence("/dev/kmsg", r.display()));
        if (!hv.clocksources().isEmpty()) id.evidence("/sys/devices/system/clocksource/clocksource0/available_clocksource", String.join(" ", hv.clocksources()));
        hv.currentClocksource().ifPresent(c -> id.evidence("/sys/devices/system/clocksource/clocksource0/current_clocksource", c));
        hv.sysHypervisorType().ifPresent(t -> id.evidence("/sys/hypervisor/type", t));
        hv.dmi().forEach((k, v) -> id.evidence("/sys/class/dmi/id/" + k, v));
        out.add(id.why("Tells which advice applies: the QEMU options below assume a QEMU/KVM guest such as Proxmox VE's."));
    }

    private static final String MODEL_NAME = "/proc/cpuinfo model name";

    private static void bareMetal(Machine machine, Hypervisor hv, Report out) {
        Finding.Builder f = Finding.of("hypervisor.bare-metal", Severity.INFO, "host")
                .summary("Runs on a physical machine, not in a VM" + hv.dmi("sys_vendor").map(v -> ": " + v + hv.dmi("product_name").map(p -> " " + p).orElse("")).orElse(""))
                .evidence(machine.evidence());
        hv.currentClocksource().ifPresent(c -> f.evidence("/sys/devices/system/clocksource/clocksource0/current_clocksource", c));
        out.add(f.why("No hypervisor flag in /proc/cpuinfo and no hypervisor in DMI: the CPU, disks and NICs seen are the "
                + "hardware itself. The advice for VMs (CPU types, controller and NIC models, Proxmox settings) does not apply here; storage health "
                + "(SMART, btrfs, discard, alignment) is judged as on any machine."));
    }

    private static void container(Machine machine, Cpu cpu, Report out) {
        String manager = machine.manager().map(c -> c.manager()).orElse("a container manager");
        out.add(Finding.of("hypervisor.container", Severity.INFO, "container")
                .summary("Runs in a container (" + manager + "): the CPU and disks it sees are its host's")
                .evidence(machine.evidence())
                .evidence(MODEL_NAME, cpu.modelName())
                .why("A container shares its host's kernel: /proc/cpuinfo and /sys/block show the host's processor and disks, and "
                        + "nothing set for the container changes them. Their bus, queues, CPU model and health are the host's business, "
                        + "so this report judges none of them here; the btrfs and SMART health it can see are still told.")
                .remedy(Remedy.guest("run the agent on the host (a Proxmox node: install the .deb there), or inside a VM to judge "
                        + "that VM's virtual hardware; a container is not the place to judge either")));
    }

    /** The first sign that QEMU provides this machine, if any, as the file and value that show it. */
    static Optional<Evidence> qemuSign(Cpu cpu, Hypervisor hv) {
        Optional<String> vendor = hv.dmi("sys_vendor").filter(v -> v.contains("QEMU"));
        if (vendor.isPresent()) return Optional.of(new Evidence("/sys/class/dmi/id/sys_vendor", vendor.get()));
        Optional<String> bios = hv.dmi("bios_vendor").filter(v -> v.equals("SeaBIOS") || v.contains("EDK II") || v.contains("OVMF"));
        if (bios.isPresent()) return Optional.of(new Evidence("/sys/class/dmi/id/bios_vendor", bios.get()));
        String m = cpu.modelName();
        if (m.startsWith("QEMU ") || m.contains("Common KVM processor") || m.contains("Common 32-bit KVM processor")) {
            return Optional.of(new Evidence(MODEL_NAME, m));
        }
        return Optional.empty();
    }
}
