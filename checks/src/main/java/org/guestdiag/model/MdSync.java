package org.guestdiag.model;

/** md/sync_completed while a sync runs: {@code done / total}, both in 512-byte sectors. */
public record MdSync(long doneSectors, long totalSectors) {
    public double ratio() {
        return totalSectors <= 0 ? 0 : Math.min(1.0, (double) doneSectors / totalSectors);
    }
}
