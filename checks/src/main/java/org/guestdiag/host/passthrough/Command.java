package org.guestdiag.host.passthrough;

import java.time.Duration;
import java.util.Arrays;

/**
 * One command for a disk, as built by a reader. Whether it may be sent is decided by {@link ReadOnlyCommands}
 * alone; {@link DevicePassthrough} asks it before every ioctl.
 */
public sealed interface Command permits Command.Scsi, Command.NvmeAdmin {
    /** What the command is, for transcripts and errors: "INQUIRY VPD 0x83", "SMART READ DATA". */
    String name();

    /** The bound the kernel enforces on this one command (sg_io_hdr.timeout, nvme timeout_ms). */
    Duration timeout();

    /** Bytes the device is expected to return; 0 for a command without data. */
    int dataIn();

    /** Which way data moves: a read-only command never moves data to the device. */
    enum Direction { NONE, FROM_DEVICE, TO_DEVICE }

    /** A SCSI CDB sent with SG_IO (sg_io_hdr v3, include/scsi/sg.h). */
    record Scsi(String name, byte[] cdb, Direction direction, int dataIn, Duration timeout) implements Command {
        public Scsi {
            cdb = cdb.clone();
        }

        @Override public byte[] cdb() { return cdb.clone(); }

        /** The byte at {@code i} of the CDB as 0..255. */
        public int at(int i) { return i < cdb.length ? cdb[i] & 0xff : 0; }

        @Override public boolean equals(Object o) {
            return o instanceof Scsi s && s.name.equals(name) && Arrays.equals(s.cdb, cdb) && s.direction == direction
                    && s.dataIn == dataIn && s.timeout.equals(timeout);
        }

        @Override public int hashCode() { return Arrays.hashCode(cdb); }

        @Override public String toString() { return name + " " + java.util.HexFormat.of().formatHex(cdb); }
    }

    /** An NVMe admin command sent with NVME_IOCTL_ADMIN_CMD (include/uapi/linux/nvme_ioctl.h). */
    record NvmeAdmin(String name, int opcode, int nsid, int cdw10, int cdw11, int dataIn, Duration timeout) implements Command { }
}
