package org.guestdiag.check.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.guestdiag.check.Evidence;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Nic;
import org.guestdiag.model.ScsiHost;

/**
 * Proxmox VE's names for what the guest sees, from the fixed rules qemu-server builds the command line by
 * (src/PVE/QemuServer/PCI.pm, DriveDevice.pm):
 * <ul>
 *   <li>every device has a fixed PCI place: on {@code pci.0} scsihw0 at 0x5, scsihw1 at 0x6, ahci0 at 0x7,
 *       virtio0-5 at 0xa-0xf, net0-5 at 0x12-0x17; net6-31 on bridge {@code pci.1} slots 1-26, virtio6-15 on
 *       {@code pci.2} slots 1-10, VirtIO SCSI single's controller virtioscsiN on {@code pci.3} slot N+1. On i440fx
 *       pci.0 is the root bus and pci.1, pci.2, pci.3 are bridges at 0x1e, 0x1f, 0x5; on q35 (pve-q35-4.0.cfg)
 *       pci.0-3 are bridges at slots 1-4 behind the DMI-PCI bridge at 00:1e.0;</li>
 *   <li>disk scsiN is LUN N (target 0) on a virtio-scsi or MegaRAID controller; target N mod 7 (LUN 0) of
 *       controller scsihw(N div 7) on LSI; target N (LUN 0) of scsihw0 on PVSCSI (its 256 devices a controller,
 *       addressed by scsi-id as LSI's are);</li>
 *   <li>sataN is port N of ahci0 (six ports); ideN is unit N mod 2 of IDE bus N div 2, on i440fx the board's PIIX
 *       IDE function 00:01.1 (primary, secondary), on q35 the board's ICH9 AHCI 00:1f.2, whose port qemu-server
 *       picks as 0, 2, 1, 3 for ide0-3 (odd ones moved up by two: q35 has one unit a bus);</li>
 *   <li>a SCSI disk's device id (VPD page 0x83) is {@code drive-scsiN} unless a serial is set: QEMU's default
 *       before Proxmox VE 9, its explicit {@code device_id} since.</li>
 * </ul>
 * A name is given only where the guest's evidence fixes it; a disk whose controller or address does not fit the
 * rules gets none. The guest's disk names (sda …) never enter.
 */
public final class ProxmoxSlots {
    private ProxmoxSlots() { }

    private static final Pattern DRIVE_ID = Pattern.compile("drive-scsi(\\d{1,3})");
    private static final Pattern SCSI_ADDRESS = Pattern.compile("(\\d+):(\\d+):(\\d+):(\\d+)");
    private static final Pattern PCI_FUNCTION = Pattern.compile("\\p{XDigit}{4}:\\p{XDigit}{2}:(\\p{XDigit}{2})\\.(\\p{XDigit})");
    /** Devices per LSI or PVSCSI controller (scsi-id 0-6; 7 is the adapter's own). */
    private static final int LSI_TARGETS = 7;
    /** Devices per virtio-scsi, MegaRAID or PVSCSI controller in qemu-server's numbering (scsihw_infos). */
    private static final int SHARED_LUNS = 256;
    /** Ports of Proxmox's ahci0 (MAX_SATA_DISKS). */
    private static final int SATA_PORTS = 6;
    /** Linux's megaraid_sas puts logical drives, QEMU megasas's disks, on the channels after its two physical ones. */
    private static final int MEGARAID_LD_CHANNEL = 2;
    /** The board's own IDE functions: PIIX3's on i440fx, ICH9's AHCI (which takes q35's IDE drives) on q35. */
    private static final String PIIX_IDE = "0000:00:01.1";
    private static final String ICH9_AHCI = "0000:00:1f.2";
    /** q35's IDE bus N is ICH9 AHCI port N; qemu-server gives ide0-3 buses 0, 2, 1, 3. */
    private static final String[] Q35_IDE_BY_PORT = {"ide0", "ide2", "ide1", "ide3"};

    /** A SCSI address host:channel:target:lun. */
    record ScsiAddress(String text, int channel, int target, int lun) { }

    /** A device's place on one of Proxmox's PCI buses, e.g. pci.3 slot 2, and the id qemu-server gives that place. */
    record Place(String bus, int addr, String id, String path) { }

    /**
     * The disk's slot from its device id, when its SCSI address is where Proxmox puts that drive: this alone,
     * without knowing the platform, shows Proxmox, as no other manager numbers drives so.
     */
    static Optional<Slot> byDeviceId(Disk d) {
        Matcher m = DRIVE_ID.matcher(d.deviceId().orElse(""));
        Optional<ScsiAddress> a = scsiAddress(d);
        if (!m.matches() || a.isEmpty()) return Optional.empty();
        int n = Integer.parseInt(m.group(1));
        String driver = d.scsiHost().map(ScsiHost::procName).orElse("");
        Optional<Place> place = controllerPlace(d);
        boolean fits = switch (driver) {
            case "virtio_scsi" -> a.get().channel() == 0 && a.get().target() == 0 && a.get().lun() == n
                    && place.map(p -> p.id().equals("virtioscsi" + n) || p.id().equals("scsihw" + n / SHARED_LUNS)).orElse(false);
            case "megaraid_sas" -> a.get().channel() == MEGARAID_LD_CHANNEL && a.get().target() == 0 && a.get().lun() == n
                    && place.map(p -> p.id().equals("scsihw" + n / SHARED_LUNS)).orElse(false);
            case "sym53c8xx" -> a.get().lun() == 0 && a.get().target() == n % LSI_TARGETS
                    && place.map(p -> p.id().equals("scsihw" + n / LSI_TARGETS)).orElse(false);
            case "vmw_pvscsi" -> a.get().lun() == 0 && a.get().target() == n % SHARED_LUNS
                    && place.map(p -> p.id().equals("scsihw" + n / SHARED_LUNS)).orElse(false);
            default -> false;
        };
        if (!fits) return Optional.empty();
        List<Evidence> e = new ArrayList<>();
        e.add(new Evidence(d.sysPath() + "/device/vpd_pg83", d.deviceId().get()));
        e.add(new Evidence("SCSI address (" + driver + ")", a.get().text()));
        e.add(placeEvidence(place.get()));
        return Optional.of(new Slot("scsi" + n, e));
    }

    /** The disk's slot on a VM that Proxmox is seen to have built; empty where the evidence does not fix one. */
    public static Optional<Slot> disk(Disk d) {
        Optional<Slot> byId = byDeviceId(d);
        if (byId.isPresent()) return byId;
        String driver = d.scsiHost().map(ScsiHost::procName)
                .or(() -> d.chain().stream().map(DeviceLink::driver).flatMap(Optional::stream).findFirst()).orElse("");
        Optional<ScsiAddress> a = scsiAddress(d);
        Optional<Slot> board = boardIde(d, driver, a);
        if (board.isPresent()) return board;
        Optional<Place> place = controllerPlace(d);
        if (place.isEmpty()) return Optional.empty();
        String id = place.get().id();
        Optional<String> name = Optional.empty();
        boolean lunOnly = a.isPresent() && a.get().channel() == 0 && a.get().target() == 0;
        boolean targetOnly = a.isPresent() && a.get().channel() == 0 && a.get().lun() == 0;
        if (driver.equals("virtio_blk") && id.startsWith("virtio") && !id.startsWith("virtioscsi")) {
            name = Optional.of(id);
        } else if (driver.equals("virtio_scsi") && lunOnly) {
            int lun = a.get().lun();
            // VirtIO SCSI single: one disk per controller, virtioscsiN carries LUN N; shared: scsihw0 carries LUNs 0-255
            if (id.equals("virtioscsi" + lun) || id.equals("scsihw" + lun / SHARED_LUNS)) name = Optional.of("scsi" + lun);
        } else if (driver.equals("megaraid_sas") && a.isPresent() && a.get().channel() == MEGARAID_LD_CHANNEL && a.get().target() == 0
                && id.equals("scsihw" + a.get().lun() / SHARED_LUNS)) {
            name = Optional.of("scsi" + a.get().lun());
        } else if (driver.equals("sym53c8xx") && targetOnly && a.get().target() < LSI_TARGETS && id.matches("scsihw\\d")) {
            name = Optional.of("scsi" + (Integer.parseInt(id.substring(6)) * LSI_TARGETS + a.get().target()));
        } else if (driver.equals("vmw_pvscsi") && targetOnly && id.matches("scsihw\\d")) {
            name = Optional.of("scsi" + (Integer.parseInt(id.substring(6)) * SHARED_LUNS + a.get().target()));
        } else if (driver.equals("ahci") && id.equals("ahci0") && targetOnly && a.get().target() == 0
                && d.ataPort().isPresent() && d.ataPort().getAsInt() < SATA_PORTS) {
            name = Optional.of("sata" + d.ataPort().getAsInt());
        }
        if (name.isEmpty()) return Optional.empty();
        List<Evidence> e = new ArrayList<>();
        a.ifPresent(x -> e.add(new Evidence("SCSI address (" + driver + ")", x.text())));
        if (driver.equals("ahci")) e.add(ataEvidence(d));
        e.add(placeEvidence(place.get()));
        return Optional.of(new Slot(name.get(), e));
    }

    /** An IDE drive on the board's own controller, whose place is the machine type's, not qemu-server's. */
    private static Optional<Slot> boardIde(Disk d, String driver, Optional<ScsiAddress> a) {
        List<String> pci = pciPath(d);
        if (pci.size() != 1 || a.isEmpty() || a.get().channel() != 0 || a.get().lun() != 0 || d.ataPort().isEmpty()) return Optional.empty();
        int port = d.ataPort().getAsInt();
        int unit = a.get().target();
        String name;
        if (driver.equals("ata_piix") && pci.get(0).equals(PIIX_IDE) && port < 2 && unit < 2) {
            name = "ide" + (port * 2 + unit);
        } else if (driver.equals("ahci") && pci.get(0).equals(ICH9_AHCI) && port < Q35_IDE_BY_PORT.length && unit == 0) {
            name = Q35_IDE_BY_PORT[port];
        } else {
            return Optional.empty();
        }
        return Optional.of(new Slot(name, List.of(new Evidence("SCSI address (" + driver + ")", a.get().text()), ataEvidence(d),
                new Evidence("PCI path", pci.get(0) + "  (the board's " + (driver.equals("ahci") ? "ICH9 AHCI, q35's IDE buses" : "PIIX IDE") + ")"))));
    }

    private static Evidence ataEvidence(Disk d) {
        String ata = d.chain().stream().map(DeviceLink::name).filter(n -> n.matches("ata\\d+")).findFirst().orElse("?");
        return new Evidence("ATA port", ata + ", port " + d.ataPort().getAsInt() + " of its controller");
    }

    /** The NIC's slot (netN) on a VM that Proxmox is seen to have built. */
    public static Optional<Slot> nic(Nic n) {
        return place(n.pciPath()).filter(p -> p.id().startsWith("net")).map(p -> new Slot(p.id(), List.of(placeEvidence(p))));
    }

    private static Evidence placeEvidence(Place p) {
        return new Evidence("PCI path", p.path() + "  (" + p.bus() + " slot 0x" + Integer.toHexString(p.addr()) + ": " + p.id() + ")");
    }

    /** The disk's own SCSI address: the name of its device, the nearest link of its chain. */
    static Optional<ScsiAddress> scsiAddress(Disk d) {
        if (d.chain().isEmpty()) return Optional.empty();
        Matcher m = SCSI_ADDRESS.matcher(d.chain().get(0).name());
        if (!m.matches()) return Optional.empty();
        return Optional.of(new ScsiAddress(m.group(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    /** Where the disk's controller (its nearest PCI function) sits. */
    static Optional<Place> controllerPlace(Disk d) {
        return place(pciPath(d));
    }

    /** The PCI functions above the disk, root first. */
    private static List<String> pciPath(Disk d) {
        List<String> pci = new ArrayList<>();
        for (DeviceLink l : d.chain()) if (PCI_FUNCTION.matcher(l.name()).matches()) pci.add(0, l.name());
        return pci;
    }

    /** The place of the last function of a root-first PCI path, when the path is one of Proxmox's layouts. */
    static Optional<Place> place(List<String> path) {
        if (path.isEmpty()) return Optional.empty();
        int[] slots = new int[path.size()];
        for (int i = 0; i < slots.length; i++) {
            Matcher m = PCI_FUNCTION.matcher(path.get(i));
            if (!m.matches() || !m.group(2).equals("0")) return Optional.empty();
            slots[i] = Integer.parseInt(m.group(1), 16);
        }
        String bus;
        if (slots.length == 1) {
            bus = "pci.0";
        } else if (slots.length == 2 && slots[0] == 0x1e) {
            bus = "pci.1";
        } else if (slots.length == 2 && slots[0] == 0x1f) {
            bus = "pci.2";
        } else if (slots.length == 2 && slots[0] == 0x05) {
            bus = "pci.3";
        } else if (slots.length == 3 && slots[0] == 0x1e && slots[1] >= 1 && slots[1] <= 4) {
            bus = "pci." + (slots[1] - 1); // q35: the DMI-PCI bridge, then pci.0-3
        } else {
            return Optional.empty();
        }
        int addr = slots[slots.length - 1];
        return id(bus, addr).map(id -> new Place(bus, addr, id, String.join(" ", path)));
    }

    /** qemu-server's PCI.pm map, for the devices whose place names a disk or NIC slot. */
    static Optional<String> id(String bus, int addr) {
        return Optional.ofNullable(switch (bus) {
            case "pci.0" -> addr == 0x5 ? "scsihw0" : addr == 0x6 ? "scsihw1" : addr == 0x7 ? "ahci0"
                    : addr >= 0xa && addr <= 0xf ? "virtio" + (addr - 0xa)
                    : addr >= 0x12 && addr <= 0x17 ? "net" + (addr - 0x12) : null;
            case "pci.1" -> addr >= 1 && addr <= 26 ? "net" + (addr + 5) : null;
            case "pci.2" -> addr >= 1 && addr <= 10 ? "virtio" + (addr + 5) : null;
            case "pci.3" -> addr >= 1 && addr <= 31 ? "virtioscsi" + (addr - 1) : null;
            default -> null;
        });
    }
}
