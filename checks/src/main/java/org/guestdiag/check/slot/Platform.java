package org.guestdiag.check.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.guestdiag.check.Evidence;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.model.Nic;

/**
 * Which program built the VM's virtual hardware, as far as the guest can tell.
 *
 * <p>{@link #PROXMOX} needs a sign only Proxmox VE leaves: a SCSI disk whose device id (VPD page 0x83) is one of
 * its drive ids, {@code drive-scsiN}, at the LUN or target its rules give slot N; its OVMF's firmware vendor
 * ("Proxmox distribution of EDK II"); or two devices of the right kind at two of qemu-server's fixed PCI places
 * (a virtio-blk disk at virtioN's, a NIC at netN's, a SCSI or SATA controller at scsihwN's, virtioscsiN's or
 * ahci0's), which QEMU's own allocation, filling the lowest free slot, does not leave.
 *
 * <p>{@link #LIBVIRT} needs one of libvirt's: a SCSI device id that is libvirt's drive alias
 * ({@code drive-scsi0-0-0-0}, the -drive id libvirt wrote before it moved to -blockdev), or a virtio disk
 * controller alone behind one of QEMU's generic PCIe root ports (1b36:000c) on the root bus, where libvirt puts
 * every device of a q35 guest. A plain QEMU command line written the same way looks the same: the evidence says
 * what was seen.
 *
 * <p>{@link #QEMU} is any other QEMU guest (DMI's system vendor QEMU): plain QEMU, or a manager that left no sign.
 * Slots are named on Proxmox only.
 */
public enum Platform {
    PROXMOX, LIBVIRT, QEMU;

    private static final Pattern LIBVIRT_DRIVE = Pattern.compile("drive-(scsi\\d+-\\d+-\\d+(-\\d+)?|ua-.+)");
    private static final String PROXMOX_OVMF = "Proxmox distribution of EDK II";
    private static final String PCIE_ROOT_PORT = "1b36:000c";
    private static final Pattern ROOT_BUS_FUNCTION = Pattern.compile("0000:00:\\p{XDigit}{2}\\.\\p{XDigit}");

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The platform and the evidence for it; empty when the guest is not seen to run under QEMU at all. */
    public record Seen(Platform platform, List<Evidence> evidence) {
        public Seen {
            evidence = List.copyOf(evidence);
        }
    }

    public static Optional<Seen> of(Optional<Hypervisor> hypervisor, List<Disk> disks, List<Nic> nics) {
        for (Disk d : disks) {
            Optional<Slot> s = ProxmoxSlots.byDeviceId(d);
            if (s.isPresent()) return Optional.of(new Seen(PROXMOX, s.get().evidence()));
        }
        Optional<String> bios = hypervisor.flatMap(h -> h.dmi("bios_vendor"));
        if (bios.filter(PROXMOX_OVMF::equals).isPresent()) {
            return Optional.of(new Seen(PROXMOX, List.of(new Evidence("/sys/class/dmi/id/bios_vendor", bios.get()))));
        }
        List<Evidence> places = proxmoxPlaces(disks, nics);
        if (places.size() >= 2) return Optional.of(new Seen(PROXMOX, places));
        Optional<List<Evidence>> libvirt = libvirt(disks);
        if (libvirt.isPresent()) return Optional.of(new Seen(LIBVIRT, libvirt.get()));
        Optional<String> vendor = hypervisor.flatMap(h -> h.dmi("sys_vendor"));
        if (vendor.filter("QEMU"::equals).isPresent()) {
            return Optional.of(new Seen(QEMU, List.of(new Evidence("/sys/class/dmi/id/sys_vendor", vendor.get()))));
        }
        return Optional.empty();
    }

    /** Devices at the qemu-server place of their own kind, each place counted once. */
    private static List<Evidence> proxmoxPlaces(List<Disk> disks, List<Nic> nics) {
        List<Evidence> seen = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Disk d : disks) {
            Optional<ProxmoxSlots.Place> p = ProxmoxSlots.controllerPlace(d);
            if (p.isEmpty() || ids.contains(p.get().id())) continue;
            String id = p.get().id();
            boolean kind = switch (d.bus()) {
                case VIRTIO_BLK -> id.startsWith("virtio") && !id.startsWith("virtioscsi");
                case VIRTIO_SCSI -> id.startsWith("virtioscsi") || id.startsWith("scsihw");
                case AHCI -> id.equals("ahci0");
                case LSI_53C8XX, MEGARAID_SAS, PVSCSI -> id.startsWith("scsihw");
                default -> false;
            };
            if (!kind) continue;
            ids.add(id);
            seen.add(new Evidence("PCI path of " + d.name(), p.get().path() + "  (" + p.get().bus() + " slot 0x"
                    + Integer.toHexString(p.get().addr()) + ": qemu-server's " + id + ")"));
        }
        for (Nic n : nics) {
            Optional<ProxmoxSlots.Place> p = ProxmoxSlots.place(n.pciPath()).filter(x -> x.id().startsWith("net"));
            if (p.isEmpty() || ids.contains(p.get().id())) continue;
            ids.add(p.get().id());
            seen.add(new Evidence("PCI path of " + n.name(), p.get().path() + "  (" + p.get().bus() + " slot 0x"
                    + Integer.toHexString(p.get().addr()) + ": qemu-server's " + p.get().id() + ")"));
        }
        return seen;
    }

    private static Optional<List<Evidence>> libvirt(List<Disk> disks) {
        for (Disk d : disks) {
            Optional<String> id = d.deviceId().filter(x -> LIBVIRT_DRIVE.matcher(x).matches());
            if (id.isPresent()) {
                return Optional.of(List.of(new Evidence(d.sysPath() + "/device/vpd_pg83", id.get() + "  (libvirt's drive alias)")));
            }
        }
        for (Disk d : disks) {
            List<DeviceLink> pci = d.chain().stream().filter(l -> l.subsystem().filter("pci"::equals).isPresent()).toList();
            // the controller (a virtio function of QEMU's), then the port above it on the root bus, then nothing
            if (pci.size() != 2 || !pci.get(0).pciId().filter(x -> x.startsWith("1af4:")).isPresent()) continue;
            DeviceLink port = pci.get(1);
            if (port.pciId().filter(PCIE_ROOT_PORT::equals).isPresent() && ROOT_BUS_FUNCTION.matcher(port.name()).matches()) {
                return Optional.of(List.of(new Evidence("PCI path of " + d.name(), port.name() + " " + pci.get(0).name()
                        + "  (" + d.name() + "'s controller alone behind QEMU's PCIe root port " + PCIE_ROOT_PORT + ", as libvirt places devices on q35)")));
            }
        }
        return Optional.empty();
    }
}
