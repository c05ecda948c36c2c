package org.guestdiag.model;

/**
 * The checksum of a btrfs and the crypto driver computing it, from /sys/fs/btrfs/FSID/checksum, e.g.
 * {@code crc32c (crc32c-intel)}: a {@code -generic} driver computes in software.
 */
public record BtrfsChecksum(String algorithm, String driver) {
    public boolean generic() {
        return driver.endsWith("-generic");
    }
}
