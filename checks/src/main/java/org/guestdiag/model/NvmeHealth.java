package org.guestdiag.model;

import java.math.BigInteger;

/**
 * The NVMe SMART / Health Information log page (log identifier 0x02, NVMe base spec 1.4 figure 194).
 *
 * @param criticalWarning     byte 0: bit 0 spare below threshold, 1 temperature, 2 reliability degraded,
 *                            3 read-only, 4 volatile backup failed, 5 persistent memory read-only
 * @param temperatureKelvin   composite temperature
 * @param availableSpare      percent of spare capacity left
 * @param spareThreshold      the percent at which the controller raises bit 0 of the critical warning
 * @param percentageUsed      the vendor's estimate of life used; may exceed 100
 * @param powerOnHours        128-bit counter
 * @param mediaErrors         unrecovered data integrity errors, 128-bit counter
 * @param unsafeShutdowns     128-bit counter
 */
public record NvmeHealth(int criticalWarning, int temperatureKelvin, int availableSpare, int spareThreshold,
                         int percentageUsed, BigInteger powerOnHours, BigInteger mediaErrors, BigInteger unsafeShutdowns) {
    /** 0 K means the controller does not report a temperature. */
    public boolean hasTemperature() {
        return temperatureKelvin > 0;
    }

    public int temperatureCelsius() {
        return temperatureKelvin - 273;
    }
}
