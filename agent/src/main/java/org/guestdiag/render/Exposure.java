package org.guestdiag.render;

import java.util.Map;
import java.util.Set;
import org.guestdiag.model.AtaIdentity;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Mount;
import org.guestdiag.model.SmartDisk;

/**
 * Who reads a JSON report, and so which record fields it leaves out. {@code diagnose} is read by the person
 * who ran it, at the VM; the server's API by anyone who can reach its port. No finding, metric or check of
 * the API needs a disk's serial (it identifies the disk across machines and RMA papers), the raw answers
 * of a disk to SMART commands (serials inside), or a mount's source and options (network shares carry
 * the server's address and the user name: {@code //nas/share … username=alice,addr=10.0.0.5}).
 */
public enum Exposure {
    /** {@code diagnose --format json}: the whole inventory, but never the raw kernel log (see KernelLogDigest). */
    LOCAL(Map.of()),
    /** The HTTP API, with or without auth: what a scraper or a dashboard needs. */
    NETWORK(Map.of(
            // a SCSI disk's device id (VPD page 0x83) is its serial whenever one is set (QEMU, libata); the wwid is made of it
            Disk.class, Set.of("serial", "wwid", "deviceId"),
            AtaIdentity.class, Set.of("serial"),
            SmartDisk.class, Set.of("transcript"),
            Mount.class, Set.of("source", "mountOptions", "superOptions")));

    private final Map<Class<?>, Set<String>> withheld;

    Exposure(Map<Class<?>, Set<String>> withheld) {
        this.withheld = withheld;
    }

    /** Whether the record component {@code component} of {@code type} is left out. */
    public boolean withholds(Class<?> type, String component) {
        Set<String> s = withheld.get(type);
        return s != null && s.contains(component);
    }
}
