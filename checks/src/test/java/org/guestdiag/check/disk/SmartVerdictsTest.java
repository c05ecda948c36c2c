package org.guestdiag.check.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Finding;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.expose.Sample;
import org.guestdiag.check.Severity;
import org.guestdiag.model.AtaIdentity;
import org.guestdiag.model.Disk;
import org.guestdiag.model.NvmeHealth;
import org.guestdiag.model.SmartAttribute;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.model.SmartDisk.Reason;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.junit.jupiter.api.Test;

/** Visibility and health verdicts: real guest disks (from captures) with the answers a disk can give. */
class SmartVerdictsTest {
    private static Disk disk(String fixture, String name) {
        return Fixtures.read(fixture, Sources.DISKS).stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    /** The same disk with a real drive's identity, as a scsi-block passthrough shows it. */
    private static Disk realModel(Disk d, String model) {
        return new Disk(d.name(), d.sysPath(), d.devNumber(), d.chain(), d.bus(), d.controller(), d.scsiHost(),
                Optional.of("ATA"), Optional.of(model), d.revision(), d.serial(), d.wwid(), d.deviceId(), d.sizeBytes(), d.queueDepth(),
                d.provisioning(), d.queue(), d.partitions(), d.ataPort(), d.multipathHolders());
    }

    private static Diagnosis judge(Disk d, SmartDisk.Answer answer) {
        SmartDisk s = new SmartDisk(d.name(), "/dev/" + d.name(), answer, List.of("INQUIRY: ok, 96 bytes"));
        Inventory inv = new Inventory(Map.of(
                Sources.DISKS.name(), new Outcome.Ok<>(List.of(d), List.of(), Duration.ZERO),
                Sources.SMART.name(), new Outcome.Ok<>(List.of(s), List.of(), Duration.ZERO)), Instant.now());
        return Diagnosis.run(inv, Checks.all());
    }

    private static List<String> smartFindings(Diagnosis d) {
        return d.findings().stream().filter(f -> f.id().startsWith("smart.")).map(f -> f.id() + " " + f.severity().label()).sorted().toList();
    }

    private static List<Sample> samples(Diagnosis d, String name) {
        return ExposedSamples.of(d).stream().filter(s -> s.name().equals(name)).toList();
    }

    private static SmartAttribute attr(int id, int current, int threshold, long raw) {
        return new SmartAttribute(id, 0x0033, current, current, OptionalInt.of(threshold), raw);
    }

    private static SmartDisk.Ata ata(String model, Optional<Boolean> passed, SmartAttribute... a) {
        return new SmartDisk.Ata(Optional.of("linux"), new AtaIdentity(model, "S1", "FW1", Optional.of(true), Optional.of(true), OptionalInt.empty()),
                passed, List.of(a));
    }

    @Test
    void qemusDiskAnsweringSmartIsEmulatedNotTrusted() {
        Diagnosis d = judge(disk("ahci", "sda"), ata("QEMU HARDDISK", Optional.of(true), attr(5, 100, 36, 0), attr(190, 69, 50, 31)));
        assertThat(smartFindings(d)).containsExactly("smart.not-visible info");
        assertThat(samples(d, "guestdiag_smart_visible")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("reason", "emulated").containsEntry("device", "sda");
            assertThat(s.value()).isZero();
        });
        assertThat(samples(d, "guestdiag_smart_attribute_raw")).isEmpty();
    }

    @Test
    void virtioBlkRefusingSgIoIsExplainedByItsBus() {
        Diagnosis d = judge(disk("virtio-blk", "vda"), new SmartDisk.Unavailable(Reason.NO_SG_IO, "INQUIRY on /dev/vda: the driver takes no pass-through ioctl (errno 25)"));
        Finding f = d.findings().stream().filter(x -> x.id().equals("smart.not-visible")).findFirst().orElseThrow();
        assertThat(f.summary()).contains("virtio_blk").contains("errno 25");
        assertThat(f.remedy().proxmox()).contains("virtio-scsi-single").contains("smartd");
        assertThat(samples(d, "guestdiag_smart_visible")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("reason", "virtio-blk"));
    }

    @Test
    void virtioBlkAskedWithoutPermissionGivesTheBusAlone() {
        Diagnosis d = judge(disk("virtio-blk", "vda"), new SmartDisk.Unavailable(Reason.NO_PERMISSION, "INQUIRY on /dev/vda: permission denied (needs root or CAP_SYS_RAWIO)"));
        Finding f = d.findings().stream().filter(x -> x.id().equals("smart.not-visible")).findFirst().orElseThrow();
        assertThat(f.summary()).contains("virtio_blk").doesNotContain("permission", "CAP_SYS_RAWIO");
    }

    @Test
    void noPermissionSaysSo() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "WDC WD40EFRX-68N32N0");
        Diagnosis d = judge(real, new SmartDisk.Unavailable(Reason.NO_PERMISSION, "ATA IDENTIFY DEVICE on /dev/sda: permission denied (needs root or CAP_SYS_RAWIO)"));
        Finding f = d.findings().stream().filter(x -> x.id().equals("smart.not-visible")).findFirst().orElseThrow();
        assertThat(f.summary()).contains("CAP_SYS_RAWIO");
        assertThat(f.remedy().guest()).contains("CAP_SYS_RAWIO");
        assertThat(samples(d, "guestdiag_smart_visible").get(0).labels()).containsEntry("reason", "no-permission");
    }

    @Test
    void aHealthyPassedThroughDisk() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "WDC WD40EFRX-68N32N0");
        Diagnosis d = judge(real, ata("WDC WD40EFRX-68N32N0", Optional.of(true), attr(5, 200, 140, 0), attr(9, 59, 0, 36055),
                attr(194, 114, 0, 36L | 25L << 16 | 45L << 32), attr(197, 200, 0, 0), attr(199, 200, 0, 0)));
        assertThat(smartFindings(d)).containsExactly("smart.healthy ok", "smart.visible ok");
        assertThat(samples(d, "guestdiag_smart_visible").get(0).value()).isEqualTo(1);
        assertThat(samples(d, "guestdiag_smart_healthy").get(0).value()).isEqualTo(1);
        Map<String, Double> raw = new java.util.TreeMap<>();
        samples(d, "guestdiag_smart_attribute_raw").forEach(s -> raw.put(s.labels().get("attribute"), s.value()));
        // temperature keeps min/max in its upper raw bytes: only the current degrees are exposed
        assertThat(raw).containsEntry("temperature", 36.0).containsEntry("power_on_hours", 36055.0).containsEntry("pending_sectors", 0.0);
    }

    @Test
    void pendingAndReallocatedSectorsAreCriticalCrcErrorsAWarning() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "ST4000DM004-2CV104");
        Diagnosis d = judge(real, ata("ST4000DM004-2CV104", Optional.of(true), attr(5, 100, 10, 8), attr(197, 100, 0, 16), attr(199, 200, 0, 3)));
        assertThat(smartFindings(d)).containsExactly("smart.bad-sectors critical", "smart.bad-sectors critical", "smart.crc-errors warning", "smart.visible ok");
        assertThat(Fixtures.at(d, Severity.CRITICAL)).containsExactly("smart.bad-sectors sda", "smart.bad-sectors sda");
    }

    @Test
    void failingOverallVerdictAndAFailedAttribute() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "ST4000DM004-2CV104");
        Diagnosis d = judge(real, ata("ST4000DM004-2CV104", Optional.of(false), attr(1, 30, 44, 0)));
        assertThat(smartFindings(d)).contains("smart.failing critical", "smart.attribute-failed critical");
        assertThat(samples(d, "guestdiag_smart_healthy").get(0).value()).isZero();
    }

    @Test
    void nvmeHealth() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "Samsung SSD 970 EVO Plus 1TB");
        NvmeHealth worn = new NvmeHealth(0x01, 330, 5, 10, 95, BigInteger.valueOf(20000), BigInteger.valueOf(2), BigInteger.ONE);
        Diagnosis d = judge(real, new SmartDisk.Nvme(worn));
        assertThat(smartFindings(d)).containsExactly("smart.failing critical", "smart.media-errors warning", "smart.spare-exhausted critical",
                "smart.visible ok", "smart.worn-out warning");
        assertThat(samples(d, "guestdiag_nvme_temperature_celsius").get(0).value()).isEqualTo(57);
        assertThat(samples(d, "guestdiag_nvme_power_on_seconds_total").get(0).value()).isEqualTo(20000 * 3600.0);
        NvmeHealth fine = new NvmeHealth(0, 311, 100, 10, 3, BigInteger.valueOf(1234), BigInteger.ZERO, BigInteger.ZERO);
        assertThat(smartFindings(judge(real, new SmartDisk.Nvme(fine)))).containsExactly("smart.healthy ok", "smart.visible ok");
    }

    @Test
    void aScsiDiskWithoutInformationalExceptionsShowsNoHealth() {
        Diagnosis d = judge(realModel(disk("virtio-scsi-single", "sda"), "MG04SCA40EE"),
                new SmartDisk.Scsi("TOSHIBA", "MG04SCA40EE", "0104", List.of(0x00, 0x0d), Optional.empty(), OptionalInt.of(30), java.util.OptionalLong.empty()));
        assertThat(smartFindings(d)).containsExactly("smart.not-visible info");
        assertThat(samples(d, "guestdiag_smart_visible").get(0).labels()).containsEntry("reason", "no-health-data");
    }

    @Test
    void aStuckSmartReadIsNoAnswer() {
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "ST4000DM004-2CV104");
        Inventory inv = new Inventory(Map.of(
                Sources.DISKS.name(), new Outcome.Ok<>(List.of(real), List.of(), Duration.ZERO),
                Sources.SMART.name(), new Outcome.Stuck<>("no answer within 10000 ms", Instant.now())), Instant.now());
        Diagnosis d = Diagnosis.run(inv, Checks.all());
        assertThat(samples(d, "guestdiag_smart_visible").get(0).labels()).containsEntry("reason", "no-answer");
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.id() + " " + f.summary()).startsWith("smart.not-visible").contains("time bound"));
    }

    @Test
    void aSnapshotIsJudgedByTheBusAlone() {
        Diagnosis d = Fixtures.diagnose("virtio-scsi-single");
        assertThat(samples(d, "guestdiag_smart_visible")).extracting(s -> s.labels().get("reason")).containsOnly("emulated");
        assertThat(d.inventory().find(Sources.SMART).orElseThrow()).allSatisfy(s ->
                assertThat(s.answer()).isInstanceOfSatisfying(SmartDisk.Unavailable.class, u -> assertThat(u.reason()).isEqualTo(Reason.NO_DEVICE_NODE)));
        Disk real = realModel(disk("virtio-scsi-single", "sda"), "ST4000DM004-2CV104");
        Diagnosis notAsked = judge(real, new SmartDisk.Unavailable(Reason.NO_DEVICE_NODE, "no /dev/sda under this root"));
        assertThat(smartFindings(notAsked)).containsExactly("smart.not-queried info");
    }
}
