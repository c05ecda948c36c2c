package org.guestdiag.host.passthrough;

import java.util.Optional;
import java.util.Set;

/**
 * The only commands this program may send to a disk: a whitelist of read-only commands, and the one place
 * that decides. Everything not listed here, however harmless it looks, is refused before it reaches the
 * ioctl: WRITE, MODE SELECT, SMART ENABLE/DISABLE/SAVE/EXECUTE OFFLINE, ATA SECURITY, DOWNLOAD MICROCODE,
 * NVMe Format or Sanitize. A wrong byte in an ATA PASS-THROUGH CDB is a different ATA command, so the check
 * looks at the bytes that select the command, not at the name the reader gave it.
 */
public final class ReadOnlyCommands {
    private ReadOnlyCommands() { }

    /** SPC-4 6.6 INQUIRY (6-byte CDB). */
    public static final int INQUIRY = 0x12;
    /** SPC-4 6.8 LOG SENSE (10-byte CDB). */
    public static final int LOG_SENSE = 0x4d;
    /** SAT-3 12.2.2 ATA PASS-THROUGH (16). */
    public static final int ATA_PASS_THROUGH_16 = 0x85;

    /** ACS-3 7.12 IDENTIFY DEVICE. */
    public static final int ATA_IDENTIFY_DEVICE = 0xec;
    /** ACS-3 7.44 SMART; the subcommand is in FEATURE, and LBA mid/high must hold the 0x4f/0xc2 signature. */
    public static final int ATA_SMART = 0xb0;
    public static final int SMART_READ_DATA = 0xd0;
    public static final int SMART_READ_THRESHOLDS = 0xd1;
    public static final int SMART_RETURN_STATUS = 0xda;

    /** SAT-3 table 140: PROTOCOL field values used here. */
    public static final int PROTOCOL_NON_DATA = 3;
    public static final int PROTOCOL_PIO_DATA_IN = 4;

    /** NVMe base 1.4 figure 139: Get Log Page and Identify, both controller-to-host (opcode bits 1:0 = 10b). */
    public static final int NVME_GET_LOG_PAGE = 0x02;
    public static final int NVME_IDENTIFY = 0x06;
    /** Log identifiers that are read-only to fetch: error information (0x01), SMART / health (0x02). */
    private static final Set<Integer> NVME_LOGS = Set.of(0x01, 0x02);
    /** Identify CNS values: namespace (0x00) and controller (0x01) data structures. */
    private static final Set<Integer> NVME_IDENTIFY_CNS = Set.of(0x00, 0x01);

    /** The largest answer any whitelisted command needs (a VPD page, a log page); more is a bug. */
    public static final int MAX_DATA_IN = 64 * 1024;

    /** Refused when this is present: why the command may not be sent. */
    public static Optional<String> refusal(Command c) {
        if (c.dataIn() < 0 || c.dataIn() > MAX_DATA_IN) return Optional.of("data length " + c.dataIn() + " out of range");
        if (c.timeout().isNegative() || c.timeout().isZero()) return Optional.of("no time bound");
        if (c instanceof Command.Scsi s) return scsi(s);
        return nvme((Command.NvmeAdmin) c);
    }

    /** Throws {@link RefusedCommand} unless the command is on the whitelist. */
    public static void require(Command c) {
        refusal(c).ifPresent(r -> { throw new RefusedCommand(c, r); });
    }

    private static Optional<String> scsi(Command.Scsi s) {
        if (s.direction() == Command.Direction.TO_DEVICE) return Optional.of("moves data to the device");
        byte[] cdb = s.cdb();
        if (cdb.length == 0) return Optional.of("empty CDB");
        int op = cdb[0] & 0xff;
        switch (op) {
            case INQUIRY:
                return expect(cdb.length == 6 && s.direction() == Command.Direction.FROM_DEVICE, "INQUIRY must be a 6-byte data-in CDB");
            case LOG_SENSE:
                if (cdb.length != 10 || s.direction() != Command.Direction.FROM_DEVICE) return Optional.of("LOG SENSE must be a 10-byte data-in CDB");
                // SPC-4 6.8: SP=1 (byte 1 bit 0) tells the device to save its log parameters to non-volatile media
                return expect((s.at(1) & 0x01) == 0, "LOG SENSE with SP=1 writes the log to the medium");
            case ATA_PASS_THROUGH_16:
                return ataPassThrough(s);
            default:
                return Optional.of(String.format("SCSI opcode 0x%02x is not a whitelisted read-only command", op));
        }
    }

    /** SAT-3 12.2.2.1 table 139: the ATA command is in byte 14, FEATURE (7:0) in byte 4, LBA mid/high in 10/12. */
    private static Optional<String> ataPassThrough(Command.Scsi s) {
        if (s.cdb().length != 16) return Optional.of("ATA PASS-THROUGH(16) needs a 16-byte CDB");
        int protocol = (s.at(1) >> 1) & 0x0f;
        boolean extend = (s.at(1) & 0x01) != 0;
        boolean fromDevice = (s.at(2) & 0x08) != 0; // T_DIR
        int command = s.at(14);
        int feature = s.at(4);
        if (extend || s.at(3) != 0) return Optional.of("48-bit ATA commands are not whitelisted");
        boolean dataIn = protocol == PROTOCOL_PIO_DATA_IN && fromDevice && s.direction() == Command.Direction.FROM_DEVICE;
        boolean nonData = protocol == PROTOCOL_NON_DATA && s.direction() == Command.Direction.NONE && s.dataIn() == 0;
        if (command == ATA_IDENTIFY_DEVICE) return expect(dataIn, "IDENTIFY DEVICE must be PIO data-in");
        if (command == ATA_SMART) {
            if (s.at(10) != 0x4f || s.at(12) != 0xc2) return Optional.of("SMART without the 0x4f/0xc2 signature");
            if (feature == SMART_READ_DATA || feature == SMART_READ_THRESHOLDS) return expect(dataIn, "SMART READ must be PIO data-in");
            if (feature == SMART_RETURN_STATUS) return expect(nonData, "SMART RETURN STATUS must be non-data");
            return Optional.of(String.format("SMART subcommand 0x%02x is not whitelisted (enable/disable/save/offline/log write)", feature));
        }
        return Optional.of(String.format("ATA command 0x%02x is not whitelisted", command));
    }

    private static Optional<String> nvme(Command.NvmeAdmin n) {
        if (n.dataIn() == 0) return Optional.of("NVMe admin commands here all return data");
        int low = n.cdw10() & 0xff;
        if (n.opcode() == NVME_GET_LOG_PAGE) {
            // NVMe 1.4 5.14.1: cdw10 bits 7:0 LID; bit 15 RAE=0 would clear a pending asynchronous event the
            // host's own driver may be waiting for, so only RAE=1 (retain) reads leave the controller as found
            if ((n.cdw10() & 0x8000) == 0) return Optional.of("Get Log Page without RAE clears asynchronous events");
            return expect(NVME_LOGS.contains(low), String.format("NVMe log page 0x%02x is not whitelisted", low));
        }
        if (n.opcode() == NVME_IDENTIFY) {
            return expect(NVME_IDENTIFY_CNS.contains(low), String.format("NVMe Identify CNS 0x%02x is not whitelisted", low));
        }
        return Optional.of(String.format("NVMe admin opcode 0x%02x is not whitelisted", n.opcode()));
    }

    private static Optional<String> expect(boolean ok, String otherwise) {
        return ok ? Optional.empty() : Optional.of(otherwise);
    }
}
