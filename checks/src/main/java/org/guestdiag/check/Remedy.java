package org.guestdiag.check;

/**
 * How to fix it, on Proxmox and on plain QEMU. {@code proxmox} is a {@code qm set <vmid> …} command (or
 * another host-side step); {@code qemu} the command-line option; {@code guest} a step inside the VM. Any may be null.
 */
public record Remedy(String proxmox, String qemu, String guest) {
    public static Remedy of(String proxmox, String qemu) {
        return new Remedy(proxmox, qemu, null);
    }

    public static Remedy guest(String step) {
        return new Remedy(null, null, step);
    }
}
