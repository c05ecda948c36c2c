package org.guestdiag.expose;

import static org.guestdiag.check.disk.SmartThresholds.AIRFLOW_TEMPERATURE;
import static org.guestdiag.check.disk.SmartThresholds.TEMPERATURE;
import static org.guestdiag.check.disk.SmartThresholds.WATCHED;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.guestdiag.check.Machine;
import org.guestdiag.check.disk.SmartVisibility;
import org.guestdiag.model.Disk;
import org.guestdiag.model.NvmeHealth;
import org.guestdiag.model.SmartAttribute;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Sources;

/**
 * Per disk: whether the guest can read its health through SMART ({@link SmartVisibility} decides, as for the
 * findings), and for a disk it can, what the disk reports. Emulated disks give no health series: QEMU's
 * numbers are invented.
 */
public final class SmartSamples {
    private SmartSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        List<Disk> disks = inv.find(Sources.DISKS).orElse(List.of());
        // a container sees the host's disks, watched on the host: no visibility series, as no finding
        if (!Machine.of(inv).container()) {
            for (Disk d : disks) {
                if (d.pseudo()) continue;
                SmartVisibility v = SmartVisibility.of(d, inv);
                out.add(Sample.gauge("guestdiag_smart_visible", "1 when the guest reads the disk's health through SMART pass-through (SG_IO or NVMe admin ioctl on /dev/<device>)",
                        Map.of("device", d.name(), "reason", v.reason()), Labels.bool(v.visible())));
            }
        }
        for (Disk d : disks) {
            SmartVisibility v = SmartVisibility.of(d, inv);
            if (!v.visible()) continue;
            SmartDisk.Answer a = v.answer().orElseThrow().answer();
            if (a instanceof SmartDisk.Ata ata) ata(d.name(), ata, out);
            if (a instanceof SmartDisk.Scsi s) scsi(d.name(), s, out);
            if (a instanceof SmartDisk.Nvme n) nvme(d.name(), n.health(), out);
        }
        return out;
    }

    private static void ata(String dev, SmartDisk.Ata ata, List<Sample> out) {
        ata.passed().ifPresent(p -> out.add(healthy(dev, p)));
        for (SmartAttribute x : ata.attributes()) {
            String label = WATCHED.get(x.id());
            if (label == null) continue;
            // the temperatures' raw value carries min/max in its upper bytes: the current reading is the low word
            out.add(Sample.gauge("guestdiag_smart_attribute_raw", "Raw value of an ATA SMART attribute (SMART READ DATA through SG_IO)",
                    Map.of("device", dev, "attribute", label), x.id() == TEMPERATURE || x.id() == AIRFLOW_TEMPERATURE ? x.rawLow16() : x.raw()));
        }
    }

    private static void scsi(String dev, SmartDisk.Scsi s, List<Sample> out) {
        out.add(healthy(dev, s.failurePredicted().isEmpty()));
        s.temperatureCelsius().ifPresent(t -> out.add(Sample.gauge("guestdiag_smart_temperature_celsius", "Current temperature (LOG SENSE page 0x0d)",
                Map.of("device", dev), t)));
        s.uncorrectedErrors().ifPresent(n -> out.add(Sample.gauge("guestdiag_smart_uncorrected_errors",
                "Total uncorrected read, write and verify errors (LOG SENSE 0x02/0x03/0x05)", Map.of("device", dev), n)));
    }

    private static void nvme(String dev, NvmeHealth h, List<Sample> out) {
        out.add(healthy(dev, h.criticalWarning() == 0));
        Map<String, String> l = Map.of("device", dev);
        out.add(Sample.gauge("guestdiag_nvme_critical_warning", "NVMe critical warning bits (health log byte 0)", l, h.criticalWarning()));
        if (h.hasTemperature()) out.add(Sample.gauge("guestdiag_nvme_temperature_celsius", "NVMe composite temperature", l, h.temperatureCelsius()));
        out.add(Sample.gauge("guestdiag_nvme_available_spare_ratio", "NVMe available spare", l, h.availableSpare() / 100.0));
        out.add(Sample.gauge("guestdiag_nvme_available_spare_threshold_ratio", "NVMe available spare threshold", l, h.spareThreshold() / 100.0));
        out.add(Sample.gauge("guestdiag_nvme_percentage_used_ratio", "NVMe estimate of endurance used (may exceed 1)", l, h.percentageUsed() / 100.0));
        out.add(Sample.counter("guestdiag_nvme_media_errors_total", "NVMe unrecovered data integrity errors", l, h.mediaErrors().doubleValue()));
        out.add(Sample.counter("guestdiag_nvme_power_on_seconds_total", "NVMe power-on time (hours in the health log)", l, h.powerOnHours().doubleValue() * 3600));
    }

    private static Sample healthy(String dev, boolean passed) {
        return Sample.gauge("guestdiag_smart_healthy", "1 when the disk's own overall health verdict is passed", Map.of("device", dev), Labels.bool(passed));
    }
}
