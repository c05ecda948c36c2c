package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the kernel thinks of a disk now: {@code /sys/block/X/device/state} (a SCSI device's: running, offline,
 * blocked, transport-offline …; an NVMe controller's: live, resetting, connecting, dead …) and the SCSI
 * device's command counters ioerr_cnt, iotmo_cnt, iorequest_cnt (printed in hex). virtio-blk has none of these.
 */
public record DiskState(String name, Optional<String> state, OptionalLong ioErrors, OptionalLong timeouts,
                        OptionalLong requests) {
    /** A state in which the kernel still sends the disk I/O: SCSI's running, NVMe's live. */
    public boolean working() {
        return state.map(s -> s.equals("running") || s.equals("live")).orElse(true);
    }
}
