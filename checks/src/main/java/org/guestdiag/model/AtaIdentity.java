package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What ATA IDENTIFY DEVICE says about a disk (ACS-3 7.12.7).
 *
 * @param smartSupported word 82 bit 0, empty when words 82-84 are not valid (word 83 bits 15:14 != 01b)
 * @param smartEnabled   word 85 bit 0, empty when words 85-87 are not valid
 * @param rotationRate   word 217: 1 for a non-rotating medium (SSD), else rpm; empty when not reported
 */
public record AtaIdentity(String model, String serial, String firmware, Optional<Boolean> smartSupported,
                          Optional<Boolean> smartEnabled, OptionalInt rotationRate) {
}
