package org.guestdiag.read.smart;

/**
 * Standard INQUIRY data (SPC-4 6.6.2): peripheral device type, T10 vendor, product, revision.
 *
 * @param deviceType 0 direct-access block device (a disk), 5 CD/DVD, 0x0e simplified direct-access
 */
record Inquiry(int deviceType, String vendor, String product, String revision) {
    /** The 36 bytes every SCSI target must return. */
    static final int LENGTH = 36;

    static Inquiry parse(byte[] data, String where) {
        Buffer b = new Buffer(data, where).need(LENGTH);
        int qualifier = b.u8(0) >> 5;
        // qualifier 011b: the target cannot address a device at this LUN (SPC-4 6.6.2 table 141)
        if (qualifier == 3) throw b.error("peripheral qualifier 3: no device at this LUN");
        return new Inquiry(b.u8(0) & 0x1f, b.ascii(8, 8), b.ascii(16, 16), b.ascii(32, 4));
    }
}
