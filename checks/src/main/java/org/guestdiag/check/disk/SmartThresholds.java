package org.guestdiag.check.disk;

import java.util.List;
import java.util.Map;

/**
 * The SMART limits the findings use, in one place (the shipped alert rules use the same numbers). Attribute
 * ids are the de-facto ones smartmontools' drivedb knows for nearly every ATA disk.
 */
public final class SmartThresholds {
    private SmartThresholds() { }

    public static final int REALLOCATED_SECTORS = 5;
    public static final int POWER_ON_HOURS = 9;
    public static final int AIRFLOW_TEMPERATURE = 190;
    public static final int TEMPERATURE = 194;
    public static final int PENDING_SECTORS = 197;
    public static final int OFFLINE_UNCORRECTABLE = 198;
    public static final int UDMA_CRC_ERRORS = 199;

    /** The attributes exposed as guestdiag_smart_attribute_raw, by the label they carry. */
    public static final Map<Integer, String> WATCHED = Map.of(
            REALLOCATED_SECTORS, "reallocated_sectors", POWER_ON_HOURS, "power_on_hours",
            AIRFLOW_TEMPERATURE, "airflow_temperature", TEMPERATURE, "temperature",
            PENDING_SECTORS, "pending_sectors", OFFLINE_UNCORRECTABLE, "offline_uncorrectable",
            UDMA_CRC_ERRORS, "udma_crc_errors");

    /**
     * Any reallocated, pending or offline-uncorrectable sector is critical: Pinheiro et al. (FAST '07) found
     * disks with a first reallocation or offline-uncorrectable error 14-39 times more likely to fail within 60 days.
     */
    public static final List<Integer> BAD_SECTORS = List.of(REALLOCATED_SECTORS, PENDING_SECTORS, OFFLINE_UNCORRECTABLE);
    public static final long BAD_SECTORS_CRITICAL_ABOVE = 0;

    /** UDMA CRC errors count transfer errors between disk and controller: a cable or backplane, not the medium. */
    public static final long CRC_ERRORS_WARNING_ABOVE = 0;

    /** Most disk data sheets end the operating range at 60 °C (NVMe: the controller's own warning bit covers it). */
    public static final int TEMPERATURE_WARNING_CELSIUS = 60;

    /** NVMe percentage used is the vendor's estimate of rated endurance consumed; warn before it runs out. */
    public static final int NVME_PERCENTAGE_USED_WARNING = 90;
    public static final long NVME_MEDIA_ERRORS_WARNING_ABOVE = 0;
}
