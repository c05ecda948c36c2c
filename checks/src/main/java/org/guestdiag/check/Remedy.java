package org.guestdiag.check;

/**
 * How to fix it, in the dialect of each way a QEMU VM is managed. {@code proxmox} is a {@code qm set <vmid> …}
 * command (or another host-side step); {@code libvirt} the domain XML to change with {@code virsh edit <domain>};
 * {@code qemu} the command-line option; {@code guest} a step inside the VM. Any may be null.
 */
public record Remedy(String proxmox, String libvirt, String qemu, String guest) {
    public static Remedy of(String proxmox, String libvirt, String qemu) {
        return new Remedy(proxmox, libvirt, qemu, null);
    }

    /** The same step on the host whichever program manages the VM (it is about the host's disks, not its configuration). */
    public static Remedy host(String step) {
        String s = "on the host: " + step;
        return new Remedy(s, s, s, null);
    }

    public static Remedy guest(String step) {
        return new Remedy(null, null, null, step);
    }
}
