package org.guestdiag.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.slot.Platform;

/**
 * A remedy's lines in the order a person reads them: the one in the dialect of the platform the guest was seen
 * to run on first (that is the one they configure), the other hypervisors' after it, the change inside the
 * guest last. Without a platform seen, Proxmox, libvirt and QEMU keep that order.
 */
public final class Remedies {
    public enum Dialect { PROXMOX, LIBVIRT, QEMU, HOST, GUEST }

    public record Line(Dialect dialect, String text) { }

    private Remedies() {
    }

    public static List<Line> ordered(Remedy r, Optional<Platform> platform) {
        List<Line> lines = new ArrayList<>();
        if (r.proxmox() != null && r.proxmox().equals(r.libvirt()) && r.proxmox().equals(r.qemu())) {
            // a step on the host's hardware reads the same in every dialect: said once
            lines.add(new Line(Dialect.HOST, r.proxmox()));
            if (r.guest() != null) lines.add(new Line(Dialect.GUEST, r.guest()));
            return lines;
        }
        if (r.proxmox() != null) lines.add(new Line(Dialect.PROXMOX, r.proxmox()));
        if (r.libvirt() != null) lines.add(new Line(Dialect.LIBVIRT, r.libvirt()));
        if (r.qemu() != null) lines.add(new Line(Dialect.QEMU, r.qemu()));
        platform.ifPresent(p -> {
            Dialect first = switch (p) {
                case PROXMOX -> Dialect.PROXMOX;
                case LIBVIRT -> Dialect.LIBVIRT;
                case QEMU -> Dialect.QEMU;
            };
            lines.sort(Comparator.comparing((Line l) -> l.dialect() != first));
        });
        if (r.guest() != null) lines.add(new Line(Dialect.GUEST, r.guest()));
        return lines;
    }
}
