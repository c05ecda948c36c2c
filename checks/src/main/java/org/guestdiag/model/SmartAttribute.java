package org.guestdiag.model;

import java.util.OptionalInt;

/**
 * One row of an ATA SMART attribute table (the vendor-specific data of SMART READ DATA, with the matching
 * entry of READ THRESHOLDS), as smartctl -A shows it.
 *
 * @param id        attribute id, e.g. 5 Reallocated_Sector_Ct
 * @param flags     the 16-bit flags word; bit 0 pre-failure (vs. advisory "old age")
 * @param current   the normalized value now (1..253, higher is better)
 * @param worst     the lowest normalized value seen
 * @param threshold the normalized value at or below which the attribute has failed; empty when no threshold was read
 * @param raw       the 48-bit raw value; its meaning is vendor-specific (temperature keeps min/max in the upper bytes)
 */
public record SmartAttribute(int id, int flags, int current, int worst, OptionalInt threshold, long raw) {
    public boolean preFailure() {
        return (flags & 0x01) != 0;
    }

    /** ATA: an attribute has failed when its threshold is set (non-zero) and the current value is at or below it. */
    public boolean failingNow() {
        return threshold.isPresent() && threshold.getAsInt() != 0 && current <= threshold.getAsInt();
    }

    /** The low 16 bits of the raw value: the count or the degrees for the attributes this program judges. */
    public long rawLow16() {
        return raw & 0xffff;
    }
}
