package org.guestdiag.check.nic;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.QemuDevices;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.slot.ProxmoxCommands;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.Nic;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** Whether each NIC is paravirtual (virtio_net) or an emulated card. */
public final class NicCheck implements Check {
    /**
     * Drivers of the cards QEMU emulates (e1000, e1000e, rtl8139, ne2k_pci, pcnet, tulip, vmxnet3, igb, the
     * i8255x family): what decides when the card's PCI ids could not be read.
     */
    static final Set<String> EMULATED = Set.of("e1000", "e1000e", "8139cp", "8139too", "ne2k-pci", "pcnet32", "tulip", "vmxnet3", "igb", "e100");

    @Override public String name() { return "nic"; }
    @Override public String area() { return "nic"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.NICS); }
    // the platform, and so the NIC's slot, is told by the disks' device ids; the machine by the CPU and hypervisor
    @Override public List<Source<?>> optional() {
        return Slots.withSources(requires(), Machine.SOURCES);
    }

    @Override
    public void run(Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // a container's interfaces are veth pairs: no card to judge
        Slots slots = Slots.of(inv);
        for (Nic n : inv.get(Sources.NICS)) {
            Optional<Slot> slot = slots.nic(n);
            String driver = n.driver().orElse("");
            if (machine.bareMetal()) {
                // e1000e, igb and the rest drive real cards here: nothing is emulated on a physical machine
                out.add(Finding.of("nic.driver", Severity.OK, n.name())
                        .summary(n.name() + " uses " + (driver.isEmpty() ? "no bound driver" : driver) + " (the machine's own card)")
                        .evidence("/sys/class/net/" + n.name() + "/device/driver", driver.isEmpty() ? "(none)" : driver)
                        .evidence("/sys/class/net/" + n.name() + "/device vendor:device", n.pciId().orElse("(not a PCI card)"))
                        .why("On a physical machine the network card is hardware with its own driver: there is no emulation to avoid."));
                continue;
            }
            // the same drivers serve real Intel/Realtek cards passed through: the PCI ids tell QEMU's models from those,
            // and any QEMU model but virtio-net is an emulation, whatever its driver (e100 for i82559, …); without ids
            // (no PCI function) the driver list decides
            QemuDevices.Origin origin = QemuDevices.of(n.pciId(), n.subsystem());
            boolean passedThrough = origin == QemuDevices.Origin.PASSED_THROUGH;
            boolean emulated = !driver.isEmpty() && !driver.equals("virtio_net")
                    && (origin == QemuDevices.Origin.QEMU || origin == QemuDevices.Origin.UNKNOWN && EMULATED.contains(driver));
            if (!emulated) {
                out.add(Finding.of("nic.driver", Severity.OK, n.name())
                        .summary(n.name() + " uses " + (driver.isEmpty() ? "no bound driver" : driver)
                                + (driver.equals("virtio_net") ? " (paravirtual)" : passedThrough ? " (a card passed through)" : ""))
                        .evidence("/sys/class/net/" + n.name() + "/device/driver", driver.isEmpty() ? "(none)" : driver)
                        .why("virtio-net, or a real card passed through, needs no emulation of network hardware."));
                continue;
            }
            Finding.Builder f = Finding.of("nic.emulated", Severity.WARNING, n.name())
                    .summary(n.name() + " is an emulated network card (" + driver + ")")
                    .evidence("/sys/class/net/" + n.name() + "/device/driver", driver);
            n.pciId().ifPresent(p -> f.evidence("/sys/class/net/" + n.name() + "/device vendor:device", p));
            n.subsystem().ifPresent(v -> f.evidence("/sys/class/net/" + n.name() + "/device subsystem", v));
            slot.ifPresent(s -> f.evidence(s.evidence()));
            out.add(f.why("An emulated card traps into QEMU for every register access: more CPU per packet, lower throughput, "
                            + "one queue. virtio-net is paravirtual and multi-queue.")
                    .remedy(ProxmoxCommands.nicToVirtio(slot),
                            "virsh edit <domain>: <model type='virtio'/> in the <interface> (keep its <mac address=…/>); applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                            "-device virtio-net-pci,netdev=<id>   (or -nic …,model=virtio-net-pci)"));
        }
    }
}
