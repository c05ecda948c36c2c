package org.guestdiag.model;

import java.util.List;

/**
 * What btrfs-progs left in /var/lib/btrfs/scrub.status.FSID after the last scrub, one entry per device.
 * Only scrubs started with btrfs-progs write it; the file stays when the filesystem is gone.
 */
public record ScrubStatus(String fsid, List<ScrubDevice> devices) {
    public ScrubStatus {
        devices = List.copyOf(devices);
    }
}
