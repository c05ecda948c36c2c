package org.guestdiag.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.guestdiag.check.cpu.X86Level;
import org.guestdiag.model.Container;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * What kind of system the agent runs on, which decides whose advice applies: a virtual machine (the QEMU and
 * Proxmox remedies), a physical machine (no VM remedy: its hardware is what it is), or a container (the CPU and
 * disks it sees are its host's, judged on the host). Checks that judge hardware declare {@link #SOURCES} as optional.
 *
 * @param manager  the container manager, in a container
 * @param evidence the files that decided, for the one finding that tells the user
 */
public record Machine(Kind kind, Optional<Container> manager, List<Evidence> evidence) {
    public enum Kind { VM, BARE_METAL, CONTAINER }

    /** The sources the verdict is made of. */
    public static final List<Source<?>> SOURCES = List.of(Sources.CPU, Sources.HYPERVISOR);

    /**
     * DMI strings of hypervisors, as systemd's detect-virt matches them (src/basic/virt.c, dmi_vendor_table): any of
     * them in sys_vendor, product_name, board_vendor or bios_vendor makes the machine virtual.
     */
    static final List<String> DMI_HYPERVISORS = List.of("KVM", "OpenStack", "KubeVirt", "Amazon EC2", "QEMU", "VMware", "VMW",
            "innotek GmbH", "VirtualBox", "Xen", "Bochs", "Parallels", "BHYVE", "Hyper-V", "Apple Virtualization",
            "Google Compute Engine");
    private static final List<String> DMI_FIELDS = List.of("sys_vendor", "product_name", "board_vendor", "bios_vendor");

    public boolean vm() { return kind == Kind.VM; }
    public boolean bareMetal() { return kind == Kind.BARE_METAL; }
    public boolean container() { return kind == Kind.CONTAINER; }

    /**
     * A remedy as it applies here: in a VM whole; elsewhere only the step on this machine, since there is no Proxmox
     * host or QEMU command line above it (null when the remedy has none).
     */
    public Remedy here(Remedy inVm) {
        if (vm() || inVm == null) return inVm;
        return inVm.guest() == null ? null : Remedy.guest(inVm.guest());
    }

    /** The machine an inventory was read on; a VM when the CPU could not be read, so the advice stays what it was. */
    public static Machine of(Inventory inv) {
        Optional<Cpu> cpu = inv.find(Sources.CPU);
        Optional<Hypervisor> hv = inv.find(Sources.HYPERVISOR);
        if (cpu.isEmpty()) return new Machine(Kind.VM, Optional.empty(), List.of());
        return of(cpu.get(), hv);
    }

    /**
     * A container first: whatever runs its host, its CPU and disks are not its own to change. Then a VM on any sign of a
     * hypervisor. Bare metal only where the absence of every sign means something: on x86, where every hypervisor
     * sets CPUID.1:ECX bit 31 (the cpuinfo flag "hypervisor", Documentation/arch/x86/cpuinfo.rst); other
     * architectures have no such flag, so there a machine without DMI hints stays a VM.
     */
    public static Machine of(Cpu cpu, Optional<Hypervisor> hv) {
        Optional<Container> container = hv.flatMap(Hypervisor::container);
        if (container.isPresent()) {
            return new Machine(Kind.CONTAINER, container, List.of(new Evidence(container.get().source(), container.get().manager())));
        }
        List<Evidence> vm = new ArrayList<>();
        if (cpu.has("hypervisor")) vm.add(new Evidence("/proc/cpuinfo flags", "hypervisor"));
        hv.flatMap(Hypervisor::sysHypervisorType).ifPresent(t -> vm.add(new Evidence("/sys/hypervisor/type", t)));
        hv.ifPresent(h -> dmiHypervisor(h).ifPresent(vm::add));
        hv.filter(h -> h.clocksources().contains("kvm-clock") || h.clocksources().contains("xen") || h.clocksources().contains("hyperv_clocksource_tsc_page"))
                .ifPresent(h -> vm.add(new Evidence("/sys/devices/system/clocksource/clocksource0/available_clocksource", String.join(" ", h.clocksources()))));
        if (!vm.isEmpty() || !X86Level.isX86(cpu.flags())) return new Machine(Kind.VM, Optional.empty(), vm);
        List<Evidence> bare = new ArrayList<>();
        bare.add(new Evidence("/proc/cpuinfo flags", "no hypervisor flag (model name " + cpu.modelName() + ")"));
        hv.ifPresent(h -> {
            for (String f : DMI_FIELDS) h.dmi(f).ifPresent(v -> bare.add(new Evidence("/sys/class/dmi/id/" + f, v)));
            if (h.dmi().isEmpty()) bare.add(new Evidence("/sys/class/dmi/id", "absent"));
        });
        return new Machine(Kind.BARE_METAL, Optional.empty(), bare);
    }

    private static Optional<Evidence> dmiHypervisor(Hypervisor h) {
        for (String f : DMI_FIELDS) {
            Optional<String> v = h.dmi(f);
            if (v.isEmpty()) continue;
            String lower = v.get().toLowerCase(Locale.ROOT);
            if (DMI_HYPERVISORS.stream().anyMatch(x -> lower.contains(x.toLowerCase(Locale.ROOT)))
                    || f.equals("product_name") && v.get().equals("Virtual Machine") && h.dmi("sys_vendor").filter("Microsoft Corporation"::equals).isPresent()) {
                return Optional.of(new Evidence("/sys/class/dmi/id/" + f, v.get()));
            }
        }
        return Optional.empty();
    }
}
