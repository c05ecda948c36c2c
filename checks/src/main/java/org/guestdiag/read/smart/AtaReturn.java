package org.guestdiag.read.smart;

/**
 * The ATA registers a SCSI-ATA translation layer returns in sense data for ATA PASS-THROUGH with
 * CK_COND=1, read for the verdict of SMART RETURN STATUS (ACS-3 7.44.7): LBA mid/high 0x4f/0xc2 when the
 * disk is healthy, 0xf4/0x2c when a threshold is exceeded.
 */
final class AtaReturn {
    private AtaReturn() { }

    /** Whether the disk passed; any other register pair is an error, not a verdict. */
    static boolean passed(byte[] sense, String where) {
        int[] midHigh = lbaMidHigh(sense, where);
        if (midHigh[0] == 0x4f && midHigh[1] == 0xc2) return true;
        if (midHigh[0] == 0xf4 && midHigh[1] == 0x2c) return false;
        throw new Buffer(sense, where).error(String.format("LBA mid/high 0x%02x/0x%02x is neither passed (4f/c2) nor failed (f4/2c)", midHigh[0], midHigh[1]));
    }

    /**
     * Descriptor format (response code 0x72): the ATA Status Return descriptor, code 0x09 (SAT-3 12.2.2.6
     * table 147), LBA mid (7:0) at byte 9 and LBA high (7:0) at byte 11 of the descriptor. Fixed format
     * (0x70): SAT-3 12.2.2.7, LBA (15:8) at byte 10 and LBA (23:16) at byte 11 of the sense data.
     */
    static int[] lbaMidHigh(byte[] sense, String where) {
        Buffer b = new Buffer(sense, where).need(8);
        int code = b.u8(0) & 0x7f;
        if (code == 0x72) {
            int end = Math.min(b.length(), 8 + b.u8(7));
            for (int i = 8; i + 1 < end; i += 2 + b.u8(i + 1)) {
                if (b.u8(i) == 0x09) {
                    if (b.u8(i + 1) < 0x0c) throw b.error("ATA Status Return descriptor too short");
                    return new int[] {b.u8(i + 9), b.u8(i + 11)};
                }
            }
            throw b.error("no ATA Status Return descriptor in the sense data");
        }
        if (code == 0x70) return new int[] {b.need(18).u8(10), b.u8(11)};
        throw b.error(String.format("sense response code 0x%02x carries no ATA registers", code));
    }
}
