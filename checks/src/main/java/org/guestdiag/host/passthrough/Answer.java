package org.guestdiag.host.passthrough;

import java.util.Arrays;

/** What one command brought back: data and status, or why it never got an answer. */
public sealed interface Answer permits Answer.Done, Answer.Failed {

    /**
     * The device answered (perhaps with an error status).
     *
     * @param status       SCSI status (0 GOOD, 2 CHECK CONDITION); for NVMe the completion status field
     * @param sense        sense data written by the device (SPC-4 4.5), empty when none
     * @param hostStatus   sg_io_hdr host_status (DID_* of include/scsi/scsi.h), 0 for NVMe
     * @param driverStatus sg_io_hdr driver_status, 0 for NVMe
     */
    record Done(byte[] data, int status, byte[] sense, int hostStatus, int driverStatus) implements Answer {
        /** DID_TIME_OUT: the kernel gave up waiting for the device. */
        public static final int DID_TIME_OUT = 0x03;

        public Done {
            data = data.clone();
            sense = sense.clone();
        }

        @Override public byte[] data() { return data.clone(); }
        @Override public byte[] sense() { return sense.clone(); }

        /** GOOD status from a device the transport reached. */
        public boolean good() {
            return status == 0 && hostStatus == 0 && (driverStatus & 0x0f) == 0;
        }

        public boolean timedOut() {
            return hostStatus == DID_TIME_OUT;
        }

        /** SPC-4 4.5.1: the sense key, from either fixed (0x70/0x71) or descriptor (0x72/0x73) format. */
        public int senseKey() {
            if (sense.length < 3) return -1;
            int code = sense[0] & 0x7f;
            if (code == 0x72 || code == 0x73) return sense[1] & 0x0f;
            if (code == 0x70 || code == 0x71) return sense[2] & 0x0f;
            return -1;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Done d && Arrays.equals(d.data, data) && d.status == status && Arrays.equals(d.sense, sense)
                    && d.hostStatus == hostStatus && d.driverStatus == driverStatus;
        }

        @Override public int hashCode() { return Arrays.hashCode(data) * 31 + status; }

        @Override public String toString() {
            return "Done[" + data.length + " bytes, status " + status + ", host " + hostStatus + ", driver " + driverStatus
                    + (sense.length > 0 ? ", sense key " + senseKey() : "") + "]";
        }
    }

    /** The command never got an answer from the device. */
    record Failed(Failure failure, String detail) implements Answer { }

    enum Failure {
        /** EACCES/EPERM: SG_IO with ATA PASS-THROUGH needs root or CAP_SYS_RAWIO. */
        NO_PERMISSION,
        /** ENOTTY/EINVAL: the block driver takes no SG_IO (virtio_blk: no SCSI layer) or NVMe ioctl. */
        NOT_SUPPORTED,
        /** ETIMEDOUT or DID_TIME_OUT: the device did not answer within the command's bound. */
        TIMEOUT,
        /** Any other errno: EIO from a dead link, ENXIO from a vanished device. */
        ERROR
    }
}
