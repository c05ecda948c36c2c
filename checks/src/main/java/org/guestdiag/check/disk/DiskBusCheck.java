package org.guestdiag.check.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.slot.ProxmoxCommands;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.check.QemuDevices;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Controller;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Mount;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * The bus each disk is on and how disks share controllers: emulated controllers (IDE, AHCI, LSI,
 * MegaRAID) against paravirtual virtio, a real adapter passed through, and many disks behind one virtio-scsi
 * controller.
 */
public final class DiskBusCheck implements Check {
    @Override public String name() { return "disk-bus"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    @Override public List<Source<?>> optional() { return Slots.withSources(requires(), List.of(Sources.MOUNTS, Sources.CPU, Sources.HYPERVISOR)); }

    @Override
    public void run(Inventory inv, Report out) {
        List<Disk> disks = inv.get(Sources.DISKS);
        List<Mount> mounts = inv.find(Sources.MOUNTS).orElse(List.of());
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's disks: the hypervisor check says so once
        Slots slots = Slots.of(inv);
        for (Disk d : disks) {
            if (d.pseudo()) {
                out.add(Finding.of("disk.pseudo", Severity.INFO, d.name())
                        .summary(d.name() + " is a software disk on a pseudo bus" + d.model().map(m -> " (" + m.strip() + ")").orElse("") + ", not hardware")
                        .evidence(Disks.chainEvidence(d))
                        .evidence(Disks.hostEvidence(d))
                        .why("A driver such as scsi_debug simulates it in memory for testing: its bus, queue and identity say nothing "
                                + "about this machine's storage."));
                continue;
            }
            if (!machine.vm()) {
                physical(d, out);
                continue;
            }
            if (QemuDevices.emulatedBus(d)) {
                out.add(Finding.of("disk.emulated-bus", Severity.WARNING, d.name())
                        .summary(d.name() + " is on an emulated " + busName(d) + " controller"
                                + d.model().map(m -> " (" + m + ")").orElse(""))
                        .evidence(Disks.chainEvidence(d))
                        .evidence(Disks.hostEvidence(d))
                        .evidence(Disks.queueDepthEvidence(d))
                        .why("QEMU emulates this controller register by register: every request costs several exits to the "
                                + "host, queue depth is that of the old hardware (IDE: one command at a time), and there is no "
                                + "multi-queue. virtio-scsi is paravirtual, queues deep, and passes discard and real disk identity.")
                        .remedy(ProxmoxCommands.toVirtioScsi(slots.disk(d)),
                                "virsh edit <domain>: <controller type='scsi' model='virtio-scsi'><driver iothread='1'/></controller> with <iothreads>1</iothreads>, "
                                        + "and on this disk <target dev='sdX' bus='scsi'/>, sdX a name no other disk of the domain has, its <address> "
                                        + "element deleted so that libvirt places it on the new controller (virtio_scsi in the guest's initramfs first); "
                                        + "applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                "-device virtio-scsi-pci,id=scsi0,iothread=io0 -device scsi-hd,bus=scsi0.0,drive=<drive>"));
            } else if (QemuDevices.adapterPassedThrough(d)) {
                Controller c = d.controller().get();
                out.add(Finding.of("disk.bus", Severity.OK, d.name())
                        .summary(d.name() + " is on a host adapter passed through: " + busName(d) + " at " + c.id())
                        .evidence(Disks.chainEvidence(d))
                        .evidence("/sys/bus/pci/devices/" + c.id() + " vendor:device", c.pciId().orElse(""))
                        .evidence("/sys/bus/pci/devices/" + c.id() + " subsystem", c.subsystem().orElse(""))
                        .evidence(Disks.queueDepthEvidence(d))
                        .why("These ids are no QEMU model's (QEMU's carry Red Hat's subsystem vendor 1af4 or fixed ids of their own): "
                                + "a real controller given to the guest with vfio-pci. The guest drives the hardware itself, with no "
                                + "emulation between it and the disks, which it sees with their own identity and SMART data."));
            } else if (d.bus() != Bus.UNKNOWN) {
                out.add(Finding.of("disk.bus", Severity.OK, d.name())
                        .summary(d.name() + " is on " + d.bus().label()
                                + d.controller().map(c -> " via " + c.id() + " (" + c.driver() + (c.disks() > 1 ? ", shared by " + c.disks() + " disks" : "") + ")").orElse(""))
                        .evidence(Disks.chainEvidence(d))
                        .evidence(Disks.queueDepthEvidence(d))
                        .why("A paravirtual or native bus: no emulated controller between the guest and its storage."));
            } else {
                out.add(Finding.of("disk.unknown-bus", Severity.INFO, d.name())
                        .summary("Could not tell which bus " + d.name() + " is on")
                        .evidence(Disks.chainEvidence(d))
                        .why("None of the drivers on its sysfs path is a known disk driver; the other disk verdicts still apply."));
            }
            if (d.passedThrough()) {
                out.add(Finding.of("disk.passthrough", Severity.INFO, d.name())
                        .summary(d.name() + " is a physical disk passed through: " + d.vendor().orElse("").strip() + " " + d.model().orElse("").strip())
                        .evidence("/sys/block/" + d.name() + "/device/model", d.model().orElse(""))
                        .evidence(Disks.chainEvidence(d))
                        .why("The guest sees the real disk's identity, geometry and, on a SCSI path, its SMART data."));
            }
        }
        sharedControllers(disks, mounts, out);
    }

    /** A physical machine's disk: on its own controller, whatever that is; nothing emulated and nothing passed through. */
    private static void physical(Disk d, Report out) {
        Finding.Builder f = d.bus() == Bus.UNKNOWN
                ? Finding.of("disk.unknown-bus", Severity.INFO, d.name()).summary("Could not tell which bus " + d.name() + " is on")
                : Finding.of("disk.bus", Severity.OK, d.name()).summary(d.name() + " is on " + nativeBusName(d)
                        + d.controller().map(c -> " via " + c.id() + (c.driver().isEmpty() ? "" : " (" + c.driver() + ")")).orElse("")
                        + d.model().map(m -> ": " + m.strip()).orElse(""));
        f.evidence(Disks.chainEvidence(d)).evidence(Disks.hostEvidence(d)).evidence(Disks.queueDepthEvidence(d));
        d.controller().flatMap(c -> c.pciId().map(id -> new org.guestdiag.check.Evidence("/sys/bus/pci/devices/" + c.id() + " vendor:device", id)))
                .ifPresent(e -> f.evidence(List.of(e)));
        out.add(f.why("On a physical machine the controller is the hardware itself: no emulation between the system and its disks, "
                + "whose identity and health it sees as they are."));
    }

    /** The bus as the hardware is called: a real AHCI controller is SATA, not an emulation of it. */
    private static String nativeBusName(Disk d) {
        return switch (d.bus()) {
            case AHCI -> "SATA (AHCI)";
            case ATA -> "an ATA port";
            case IDE -> "IDE (" + Disks.hostDriver(d) + ")";
            case NVME -> "NVMe";
            case USB -> "USB storage";
            default -> busName(d);
        };
    }

    /** virtio-scsi controllers carrying several disks: one queue set and one iothread for all of them. */
    private static void sharedControllers(List<Disk> disks, List<Mount> mounts, Report out) {
        Map<String, List<Disk>> byController = new LinkedHashMap<>();
        for (Disk d : disks) {
            if (d.bus() != Bus.VIRTIO_SCSI || d.controller().isEmpty()) continue;
            byController.computeIfAbsent(d.controller().get().id(), k -> new ArrayList<>()).add(d);
        }
        for (var e : byController.entrySet()) {
            List<Disk> on = e.getValue();
            if (on.size() < 2) continue;
            List<String> names = on.stream().map(Disk::name).toList();
            boolean btrfs = on.stream().anyMatch(d -> mounts.stream().anyMatch(m -> m.fsType().equals("btrfs") && Disks.mountIsOn(m, d)));
            Finding.Builder f = Finding.of("disk.shared-controller", Severity.INFO, e.getKey())
                    .summary(on.size() + " disks (" + String.join(", ", names) + ") share one virtio-scsi controller " + e.getKey()
                            + (btrfs ? ", with btrfs on them" : ""))
                    .evidence("controller " + e.getKey(), "driver " + on.get(0).controller().get().driver()
                            + on.get(0).controller().get().pciId().map(p -> ", PCI " + p).orElse(""));
            for (Disk d : on) f.evidence("/sys/block/" + d.name(), d.sysPath());
            on.get(0).scsiHost().ifPresent(h -> f.evidence("/sys/class/scsi_host/" + h.name() + "/can_queue", h.canQueue().isPresent() ? h.canQueue().getAsInt() : "unknown"));
            f.why("All disks on one controller share its queues and, with an iothread, that single thread; a slow or erroring disk "
                    + "stalls the others. Proxmox users have reported btrfs falling back to read-only on disks sharing one "
                    + "virtio-scsi-pci controller, and recovering after moving to one controller per disk (VirtIO SCSI single) "
                    + "with iothreads.");
            f.remedy("qm set <vmid> --scsihw virtio-scsi-single, and iothread=1 on every scsiN disk",
                    "virsh edit <domain>: one <controller type='scsi' model='virtio-scsi' index='N'><driver iothread='N'/></controller> per disk, "
                            + "each disk's <address type='drive' controller='N'/> on its own; applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                    "one -device virtio-scsi-pci,iothread=ioN per disk, each with its own -object iothread,id=ioN");
            out.add(f);
        }
    }

    static String busName(Disk d) {
        return switch (d.bus()) {
            case IDE -> "IDE (" + Disks.hostDriver(d) + ")";
            case AHCI -> "SATA AHCI";
            case LSI_53C8XX -> "LSI 53C8xx SCSI (sym53c8xx)";
            case LSI_MPT -> "LSI Fusion-MPT SAS (" + Disks.hostDriver(d) + ")";
            case MEGARAID_SAS -> "LSI MegaRAID SAS";
            case PVSCSI -> "VMware PVSCSI";
            case AM53C974 -> "AMD Am53C974 / Tekram DC-390 SCSI";
            case USB -> "USB storage";
            case ATA -> "ATA (IDE or AHCI: no driver link to tell)";
            // a RAID or HBA driver no bus is known for (hpsa, smartpqi, aacraid …): its driver says more than "unknown"
            case UNKNOWN -> d.controller().map(Controller::driver).filter(x -> !x.isEmpty()).orElse(d.bus().label());
            default -> d.bus().label();
        };
    }
}
