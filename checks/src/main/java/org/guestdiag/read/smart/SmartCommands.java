package org.guestdiag.read.smart;

import static org.guestdiag.host.passthrough.ReadOnlyCommands.*;

import java.time.Duration;
import org.guestdiag.host.passthrough.Command;
import org.guestdiag.host.passthrough.Command.Direction;

/** The commands the SMART reader sends, built byte by byte from the specs; all pass {@code ReadOnlyCommands}. */
final class SmartCommands {
    private SmartCommands() { }

    /**
     * Each command's own bound, enforced by the kernel (sg_io_hdr.timeout): a disk answers these in
     * milliseconds, a spun-down one in a few seconds; longer means it is not answering. Several commands
     * per disk still fit the collector's default 10 s bound, which catches a device that hangs the ioctl.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int INQUIRY_LENGTH = 96;
    /** VPD 0x89 is 572 bytes (SAT-3 12.4.2); the others are far smaller. */
    static final int VPD_LENGTH = 1024;
    static final int LOG_LENGTH = 4096;

    static Command.Scsi inquiry() {
        return new Command.Scsi("INQUIRY", new byte[] {INQUIRY, 0, 0, 0, (byte) INQUIRY_LENGTH, 0}, Direction.FROM_DEVICE, INQUIRY_LENGTH, TIMEOUT);
    }

    /** INQUIRY with EVPD=1 (SPC-4 6.6.1): byte 2 the page, bytes 3-4 the allocation length. */
    static Command.Scsi vpd(int page) {
        return new Command.Scsi(String.format("INQUIRY VPD 0x%02x", page),
                new byte[] {INQUIRY, 1, (byte) page, (byte) (VPD_LENGTH >> 8), (byte) VPD_LENGTH, 0}, Direction.FROM_DEVICE, VPD_LENGTH, TIMEOUT);
    }

    /** LOG SENSE (SPC-4 6.8): SP=0 (never save), PC=01b cumulative values, bytes 7-8 the allocation length. */
    static Command.Scsi logSense(int page) {
        return new Command.Scsi(String.format("LOG SENSE 0x%02x", page),
                new byte[] {LOG_SENSE, 0, (byte) (0x40 | page), 0, 0, 0, 0, (byte) (LOG_LENGTH >> 8), (byte) LOG_LENGTH, 0},
                Direction.FROM_DEVICE, LOG_LENGTH, TIMEOUT);
    }

    static Command.Scsi identify() {
        return ataIn("ATA IDENTIFY DEVICE", ATA_IDENTIFY_DEVICE, 0, 0, 0);
    }

    static Command.Scsi smartReadData() {
        return ataIn("SMART READ DATA", ATA_SMART, SMART_READ_DATA, 0x4f, 0xc2);
    }

    static Command.Scsi smartReadThresholds() {
        return ataIn("SMART READ THRESHOLDS", ATA_SMART, SMART_READ_THRESHOLDS, 0x4f, 0xc2);
    }

    /**
     * SMART RETURN STATUS, non-data; CK_COND=1 (byte 2 bit 5) asks the translation layer to return the ATA
     * registers in the sense data even on success, where the verdict is (SAT-3 12.2.2.1).
     */
    static Command.Scsi smartReturnStatus() {
        byte[] cdb = ata(ATA_SMART, SMART_RETURN_STATUS, 0x4f, 0xc2);
        cdb[1] = (byte) (PROTOCOL_NON_DATA << 1);
        cdb[2] = 0x20;
        return new Command.Scsi("SMART RETURN STATUS", cdb, Direction.NONE, 0, TIMEOUT);
    }

    /**
     * A one-sector PIO data-in ATA command in ATA PASS-THROUGH(16) (SAT-3 12.2.2.1 table 139): byte 2 =
     * T_DIR (from device) | BYTE_BLOCK (count in blocks) | T_LENGTH=10b (the length is in SECTOR COUNT).
     */
    private static Command.Scsi ataIn(String name, int command, int feature, int lbaMid, int lbaHigh) {
        byte[] cdb = ata(command, feature, lbaMid, lbaHigh);
        cdb[1] = (byte) (PROTOCOL_PIO_DATA_IN << 1);
        cdb[2] = 0x0e;
        cdb[6] = 1;
        return new Command.Scsi(name, cdb, Direction.FROM_DEVICE, 512, TIMEOUT);
    }

    private static byte[] ata(int command, int feature, int lbaMid, int lbaHigh) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) ATA_PASS_THROUGH_16;
        cdb[4] = (byte) feature;
        cdb[10] = (byte) lbaMid;
        cdb[12] = (byte) lbaHigh;
        cdb[14] = (byte) command;
        return cdb;
    }

    /**
     * Get Log Page 0x02 for the whole controller (NSID FFFFFFFFh): cdw10 bits 31:16 NUMDL = dwords - 1,
     * bit 15 RAE=1 to leave asynchronous events pending, bits 7:0 the log id (NVMe 1.4 5.14.1).
     */
    static Command.NvmeAdmin nvmeHealth() {
        int dwords = NvmeHealthLog.LENGTH / 4;
        return new Command.NvmeAdmin("NVMe Get Log Page 0x02", NVME_GET_LOG_PAGE, 0xffffffff,
                ((dwords - 1) << 16) | 0x8000 | 0x02, 0, NvmeHealthLog.LENGTH, TIMEOUT);
    }
}
