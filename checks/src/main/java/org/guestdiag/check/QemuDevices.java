package org.guestdiag.check;

import java.util.Optional;
import java.util.Set;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Controller;
import org.guestdiag.model.Disk;

/**
 * Whether a PCI function is one of QEMU's device models or real hardware passed through to the guest (vfio-pci).
 * The driver cannot tell: ahci, megaraid_sas or e1000e bind to QEMU's model and to a real card alike. The ids
 * can: QEMU gives every model Red Hat's subsystem vendor 1af4 unless the model sets fixed subsystem ids of its
 * own, and those few are listed here from QEMU's sources. A real board carries its maker's subsystem ids.
 */
public final class QemuDevices {
    private QemuDevices() { }

    public enum Origin { QEMU, PASSED_THROUGH, UNKNOWN }

    /** Red Hat's PCI vendor ids: 1af4 (virtio; QEMU's default subsystem vendor), 1b36 (QEMU's own devices, e.g. its NVMe). */
    private static final Set<String> RED_HAT = Set.of("1af4", "1b36");

    /** "vendor:device subsystem" of the QEMU models that do not take the default subsystem 1af4:1100. */
    static final Set<String> OWN_SUBSYSTEM = Set.of(
            "1000:0012 0000:1000", // lsi53c895a
            "1000:0001 0000:1000", // lsi53c810
            "1000:0060 1000:1013", // megasas, MegaRAID SAS 1078
            "1000:0079 1000:9261", // megasas-gen2, MegaRAID SAS 2108
            "1000:0054 1000:8000", // mptsas1068
            "15ad:07c0 15ad:07c0", // pvscsi
            "15ad:07b0 15ad:07b0", // vmxnet3
            "8086:10d3 8086:0000", // e1000e: properties subsys_ven=Intel, subsys=0
            "8086:10c9 8086:0000"); // igb, as e1000e

    /**
     * @param pciId     vendor:device
     * @param subsystem subsystem_vendor:subsystem_device
     * @return UNKNOWN when the ids were not read, so that callers keep what the driver alone tells
     */
    public static Origin of(Optional<String> pciId, Optional<String> subsystem) {
        if (pciId.isEmpty()) return Origin.UNKNOWN;
        String id = pciId.get().toLowerCase(java.util.Locale.ROOT);
        if (RED_HAT.contains(vendor(id))) return Origin.QEMU;
        if (subsystem.isEmpty()) return Origin.UNKNOWN;
        String sub = subsystem.get().toLowerCase(java.util.Locale.ROOT);
        if (RED_HAT.contains(vendor(sub)) || OWN_SUBSYSTEM.contains(id + " " + sub)) return Origin.QEMU;
        return Origin.PASSED_THROUGH;
    }

    public static Origin of(Controller c) {
        return of(c.pciId(), c.subsystem());
    }

    /**
     * A disk whose controller QEMU emulates register by register; a real adapter of the same kind passed through is not.
     * A controller whose driver no bus is known for counts as emulated when its PCI function is a QEMU model of another
     * maker's hardware: virtio and QEMU's own devices carry Red Hat's vendor id, so a QEMU function with any other vendor
     * id imitates a real card (whatever QEMU adds next, or a driver the classifier has not met).
     */
    public static boolean emulatedBus(Disk d) {
        if (adapterPassedThrough(d)) return false;
        return d.bus().emulated()
                || d.bus() == Bus.UNKNOWN && d.controller().filter(QemuDevices::modelOfRealHardware).isPresent();
    }

    /** A QEMU device model that imitates real hardware: QEMU's by its ids, yet not under Red Hat's vendor id. */
    private static boolean modelOfRealHardware(Controller c) {
        return of(c) == Origin.QEMU && c.pciId().map(id -> !RED_HAT.contains(vendor(id.toLowerCase(java.util.Locale.ROOT)))).orElse(false);
    }

    /** The disk's host adapter is real hardware passed through (an HBA given to a NAS guest, say). */
    public static boolean adapterPassedThrough(Disk d) {
        return d.controller().map(QemuDevices::of).orElse(Origin.UNKNOWN) == Origin.PASSED_THROUGH;
    }

    private static String vendor(String pair) {
        int colon = pair.indexOf(':');
        return colon < 0 ? pair : pair.substring(0, colon);
    }
}
