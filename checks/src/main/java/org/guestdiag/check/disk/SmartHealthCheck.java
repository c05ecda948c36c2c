package org.guestdiag.check.disk;

import static org.guestdiag.check.disk.SmartThresholds.*;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Disk;
import org.guestdiag.model.NvmeHealth;
import org.guestdiag.model.SmartAttribute;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * The health of every disk whose SMART the guest can trust ({@link SmartVisibility} visible): the overall
 * verdict and the attributes that predict failure. Emulated disks are left out: QEMU's numbers are invented.
 */
public final class SmartHealthCheck implements Check {
    @Override public String name() { return "smart-health"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS, Sources.SMART); }
    @Override public List<Source<?>> optional() { return Machine.SOURCES; }

    @Override
    public void run(Inventory inv, Report out) {
        boolean vm = Machine.of(inv).vm();
        for (Disk d : inv.get(Sources.DISKS)) {
            SmartVisibility v = SmartVisibility.of(d, inv);
            if (!v.visible()) continue;
            SmartDisk a = v.answer().orElseThrow();
            List<Finding.Builder> bad = new ArrayList<>();
            if (a.answer() instanceof SmartDisk.Ata ata) ata(vm, d.name(), a, ata, bad);
            if (a.answer() instanceof SmartDisk.Scsi s) scsi(vm, d.name(), a, s, bad);
            if (a.answer() instanceof SmartDisk.Nvme n) nvme(vm, d.name(), a, n.health(), bad);
            if (bad.isEmpty()) {
                out.add(Finding.of("smart.healthy", Severity.OK, d.name())
                        .summary(d.name() + " reports no sign of failure in SMART")
                        .evidence(a.device(), SmartVisibilityCheck.transcript(a))
                        .why("Overall verdict passed and no reallocated, pending or uncorrectable sectors."));
            }
            bad.forEach(out::add);
        }
    }

    private static void ata(boolean vm, String dev, SmartDisk a, SmartDisk.Ata ata, List<Finding.Builder> bad) {
        if (ata.passed().filter(p -> !p).isPresent()) {
            bad.add(critical(vm, "smart.failing", dev, dev + " says it is failing: SMART RETURN STATUS reported a threshold exceeded", a)
                    .evidence(a.device() + " SMART RETURN STATUS", "LBA mid/high f4/2c (threshold exceeded)"));
        }
        for (SmartAttribute x : ata.attributes()) {
            if (x.failingNow()) {
                bad.add(critical(vm, "smart.attribute-failed", dev, String.format("%s: attribute %d is at or below its threshold (%d <= %d)",
                        dev, x.id(), x.current(), x.threshold().getAsInt()), a).evidence(a.device() + " attribute " + x.id(), attr(x)));
            }
        }
        ata.attribute(UDMA_CRC_ERRORS).filter(x -> x.rawLow16() > CRC_ERRORS_WARNING_ABOVE).ifPresent(x -> bad.add(
                Finding.of("smart.crc-errors", Severity.WARNING, dev)
                        .summary(dev + " has " + x.rawLow16() + " UDMA CRC errors: transfers between disk and controller were corrupted")
                        .evidence(a.device() + " attribute 199", attr(x))
                        .why("CRC errors come from the cable, the backplane or the controller, not the platters; the disk retried them.")
                        .remedy(onHost(vm, "reseat or replace the SATA cable / backplane slot of this disk, then watch whether 199 still grows"))));
        for (int id : BAD_SECTORS) {
            ata.attribute(id).filter(x -> x.rawLow16() > BAD_SECTORS_CRITICAL_ABOVE).ifPresent(x -> bad.add(
                    critical(vm, "smart.bad-sectors", dev, dev + " has " + x.rawLow16() + " " + WATCHED.get(id).replace('_', ' ')
                            + " (attribute " + id + ")", a).evidence(a.device() + " attribute " + id, attr(x))));
        }
        for (int id : List.of(TEMPERATURE, AIRFLOW_TEMPERATURE)) {
            ata.attribute(id).filter(x -> (x.raw() & 0xff) >= TEMPERATURE_WARNING_CELSIUS).ifPresent(x -> bad.add(hot(vm, dev, (int) (x.raw() & 0xff), a)));
        }
    }

    private static void scsi(boolean vm, String dev, SmartDisk a, SmartDisk.Scsi s, List<Finding.Builder> bad) {
        s.failurePredicted().ifPresent(asc -> bad.add(critical(vm, "smart.failing", dev,
                dev + " predicts its own failure: informational exception ASC/ASCQ " + asc, a).evidence(a.device() + " LOG SENSE 0x2f", asc)));
        s.temperatureCelsius().ifPresent(t -> {
            if (t >= TEMPERATURE_WARNING_CELSIUS) bad.add(hot(vm, dev, t, a));
        });
        s.uncorrectedErrors().ifPresent(n -> {
            if (n > BAD_SECTORS_CRITICAL_ABOVE) bad.add(critical(vm, "smart.bad-sectors", dev, dev + " reports " + n + " uncorrected errors", a));
        });
    }

    private static void nvme(boolean vm, String dev, SmartDisk a, NvmeHealth h, List<Finding.Builder> bad) {
        String ev = String.format("critical warning 0x%02x, spare %d%% (threshold %d%%), used %d%%, media errors %s",
                h.criticalWarning(), h.availableSpare(), h.spareThreshold(), h.percentageUsed(), h.mediaErrors());
        if (h.criticalWarning() != 0) bad.add(critical(vm, "smart.failing", dev, dev + " raises NVMe critical warning " + String.format("0x%02x", h.criticalWarning()), a).evidence(a.device() + " log 0x02", ev));
        if (h.availableSpare() < h.spareThreshold()) bad.add(critical(vm, "smart.spare-exhausted", dev, dev + " has " + h.availableSpare() + "% spare left, below its threshold of " + h.spareThreshold() + "%", a).evidence(a.device() + " log 0x02", ev));
        if (h.mediaErrors().signum() > 0 && h.mediaErrors().longValue() > NVME_MEDIA_ERRORS_WARNING_ABOVE) {
            bad.add(Finding.of("smart.media-errors", Severity.WARNING, dev).summary(dev + " has " + h.mediaErrors() + " unrecovered media errors")
                    .evidence(a.device() + " log 0x02", ev).why("Data the controller could not recover: check backups and the filesystem on it.")
                    .remedy(onHost(vm, "back up, run a scrub/fsck, plan the replacement of this NVMe")));
        }
        if (h.percentageUsed() >= NVME_PERCENTAGE_USED_WARNING) {
            bad.add(Finding.of("smart.worn-out", Severity.WARNING, dev).summary(dev + " has used " + h.percentageUsed() + "% of its rated endurance")
                    .evidence(a.device() + " log 0x02", ev).why("Past 100% the vendor no longer promises the flash keeps data.")
                    .remedy(onHost(vm, "plan the replacement of this NVMe")));
        }
    }

    private static Finding.Builder critical(boolean vm, String id, String dev, String summary, SmartDisk a) {
        return Finding.of(id, Severity.CRITICAL, dev).summary(summary)
                .evidence(a.device(), SmartVisibilityCheck.transcript(a))
                .why("A disk that reports this is failing or about to: the data on it is at risk now.")
                .remedy(onHost(vm, "back up the " + (vm ? "VM's " : "") + "data, replace the disk (if it is in a RAID/ZFS pool, replace the member)"));
    }

    private static Finding.Builder hot(boolean vm, String dev, int celsius, SmartDisk a) {
        return Finding.of("smart.hot", Severity.WARNING, dev).summary(dev + " runs at " + celsius + " °C")
                .evidence(a.device(), SmartVisibilityCheck.transcript(a))
                .why("Above about " + TEMPERATURE_WARNING_CELSIUS + " °C disks leave their rated operating range and wear faster.")
                .remedy(onHost(vm, "check the airflow and fans around this disk"));
    }

    /**
     * A step at the disk: on the host for a VM's disk passed through, whichever program manages the VM, on this
     * machine for its own disk.
     */
    private static Remedy onHost(boolean vm, String step) {
        return vm ? Remedy.host(step) : Remedy.guest(step);
    }

    private static String attr(SmartAttribute x) {
        return "value " + x.current() + ", worst " + x.worst() + x.threshold().stream().mapToObj(t -> ", threshold " + t).findFirst().orElse("") + ", raw " + x.raw();
    }
}
