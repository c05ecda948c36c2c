package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.check.Machine;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** Who runs the VM as the guest sees it: DMI identity, /sys/hypervisor and the clocksource in use; and whether it is a VM at all. */
public final class HypervisorSamples {
    private HypervisorSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        String platform = Slots.of(inv).platformLabel();
        inv.find(Sources.HYPERVISOR).ifPresent(h -> out.add(info(h, platform)));
        if (inv.find(Sources.CPU).isPresent()) out.add(machine(Machine.of(inv)));
        return out;
    }

    private static Sample machine(Machine m) {
        String kind = switch (m.kind()) {
            case VM -> "vm";
            case BARE_METAL -> "bare-metal";
            case CONTAINER -> "container";
        };
        return Sample.gauge("guestdiag_machine_info",
                "What the agent runs on (vm, bare-metal, container), from the hypervisor flag in /proc/cpuinfo, /sys/class/dmi/id, "
                        + "/sys/hypervisor/type and the container signs (/run/systemd/container, /proc/1/environ); container names its manager.",
                Labels.of("kind", kind, "container", m.manager().map(c -> c.manager()).orElse("")), 1);
    }

    private static Sample info(Hypervisor h, String platform) {
        // machine type (product_version, e.g. pc-q35-7.2) and BIOS vendor tell the QEMU setup apart; serials and UUIDs stay out
        return Sample.gauge("guestdiag_hypervisor_info",
                "Hypervisor identity from /sys/class/dmi/id, /sys/hypervisor/type and the current clocksource, and the platform that "
                        + "built the VM (proxmox, libvirt or qemu, from the signs each leaves: drive ids in device/vpd_pg83, fixed PCI places, firmware vendor); empty where absent.",
                Labels.of("sys_vendor", h.dmi("sys_vendor").orElse(""),
                        "product_name", h.dmi("product_name").orElse(""),
                        "product_version", h.dmi("product_version").orElse(""),
                        "bios_vendor", h.dmi("bios_vendor").orElse(""),
                        "hypervisor_type", h.sysHypervisorType().orElse(""),
                        "clocksource", h.currentClocksource().orElse(""),
                        "platform", platform), 1);
    }
}
