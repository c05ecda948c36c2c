package org.guestdiag.check.slot;

import java.util.Optional;

/**
 * {@code qm set} lines for one disk or NIC. A drive's line replaces every option the drive had (qemu-server
 * parses the new value whole), so the user is told to start from the drive's line in {@code qm config}.
 */
public final class ProxmoxCommands {
    private ProxmoxCommands() { }

    /** Changed options on a running VM stay pending until it is stopped and started (qm reboot does both; a reboot inside the guest does not). */
    private static final String COLD = "applied when the VM is next stopped and started (qm reboot, not a reboot inside the guest)";

    /**
     * The line that sets {@code options} on the disk's drive. {@code ssdOption} is left out on virtioN drives,
     * which qemu-server refuses it on (ssd= exists for ide, sata and scsi only).
     */
    public static String drive(Optional<Slot> slot, String options, String ssdOption) {
        if (slot.isPresent()) {
            String s = slot.get().name();
            String opts = s.startsWith("virtio") || ssdOption.isEmpty() ? options : options + "," + ssdOption;
            return "qm set <vmid> --" + s + " <its current value from qm config <vmid>>," + opts
                    + "   (qm set replaces all of " + s + "'s options: keep the volume and every option it has; " + COLD + ")";
        }
        String opts = ssdOption.isEmpty() ? options : options + "," + ssdOption + " (ssd=1 not on virtioN)";
        return "qm set <vmid> --<slot> <storage>:<volume>," + opts + "   (<slot>: this disk's scsiN/virtioN/sataN line in "
                + "qm config <vmid>, which the guest cannot tell apart; qm set replaces all of its options: copy them from that line; " + COLD + ")";
    }

    /**
     * The lines that put a disk on an emulated controller onto VirtIO SCSI single. A scsiN disk keeps its slot: only
     * the controller type (scsihw) changes. A sataN or ideN disk must move to a scsiN slot: detached, its volume
     * stays in the VM's configuration as unusedN and is attached again under the new slot.
     */
    public static String toVirtioScsi(Optional<Slot> slot) {
        String initramfs = "the guest needs virtio_scsi in its initramfs first";
        if (slot.isPresent() && slot.get().name().startsWith("scsi")) {
            String s = slot.get().name();
            return "qm set <vmid> --scsihw virtio-scsi-single   (" + s + " stays " + s + ": only its controller changes; add iothread=1 to "
                    + s + "'s options, see qm config <vmid>; " + initramfs + "; " + COLD + ")";
        }
        if (slot.isPresent()) {
            String s = slot.get().name();
            return "qm set <vmid> --scsihw virtio-scsi-single; qm set <vmid> --delete " + s + "   (the volume stays, as unusedN); "
                    + "qm set <vmid> --scsiN <the volume from " + s + "'s line in qm config <vmid>>,iothread=1 with its other options, N a free "
                    + "scsi slot; if the VM boots from " + s + ": qm set <vmid> --boot order=scsiN   (" + initramfs + "; " + COLD + ")";
        }
        return "qm set <vmid> --scsihw virtio-scsi-single, then move the disk to a scsiN slot with iothread=1 (its sataN/ideN/scsiN line "
                + "in qm config <vmid>, which the guest cannot tell apart; " + initramfs + "; " + COLD + ")";
    }

    /** The line that makes the NIC a virtio-net card, keeping its MAC and bridge. */
    public static String nicToVirtio(Optional<Slot> slot) {
        String s = slot.map(Slot::name).orElse("<netN>");
        return "qm set <vmid> --" + s + " virtio=<mac>,bridge=<bridge>   (copy the MAC, bridge and other options from " + s + "'s line in qm config <vmid>"
                + (slot.isEmpty() ? "; netN: this card's line, which the guest cannot tell apart" : "") + "; " + COLD + ")";
    }
}
