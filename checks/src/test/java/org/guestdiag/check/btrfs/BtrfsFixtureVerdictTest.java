package org.guestdiag.check.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.expose.Sample;
import org.guestdiag.check.Severity;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verdicts on real guests: the lab's btrfs failures are found, and guests without btrfs hear nothing of it. */
class BtrfsFixtureVerdictTest {
    static final String EIO_FSID = "742c1548-5785-4d7d-9a3b-f9186bd82455";
    static final String RAID_FSID = "669c5ea2-db9f-44da-b2d6-2816d8221cfe";

    static Finding only(Diagnosis d, String id) {
        List<Finding> f = Fixture.btrfsFindings(d).stream().filter(x -> x.id().equals(id)).toList();
        assertThat(f).as(id).hasSize(1);
        return f.get(0);
    }

    static List<String> ids(Diagnosis d) {
        return Fixture.btrfsFindings(d).stream().map(Finding::id).toList();
    }

    @Test
    void corruptedDataIsCountedFromTheCountersAndToldWithTheKernelsWordsWithoutReadonly() {
        // lab guest btrfs-csum-corruption: 64 KiB of a file zeroed in the image between two boots, then read and scrubbed
        Diagnosis d = Fixture.diagnose(Fixture.inventory("btrfs-csum-corruption"));
        Finding f = only(d, "btrfs.device-errors");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("/dev/vda");
        assertThat(f.summary()).isEqualTo("btrfs labcsum device devid 1 (/dev/vda) has 35 corruption errors");
        assertThat(f.evidence()).extracting(Evidence::value).anySatisfy(v -> assertThat(v).contains("csum failed root 5 ino 257"));
        // data errors do not force read-only, and nothing is missing
        assertThat(ids(d)).doesNotContain("btrfs.forced-readonly", "btrfs.missing-device");
    }

    @Test
    void forcedReadonlyIsCriticalWithTheKernelsWords() {
        Diagnosis d = Fixture.diagnose(Fixture.inventory("btrfs-blkdebug-eio"));
        Finding f = only(d, "btrfs.forced-readonly");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("/mnt");
        assertThat(f.summary()).contains("labeio", "errno=-5");
        assertThat(f.evidence()).extracting(Evidence::value).anySatisfy(v -> assertThat(v).contains("super options ro,"))
                .contains("[   10.186046] BTRFS info (device vda: state EA): forced readonly",
                        "[   10.185388] BTRFS: error (device vda: state A) in __btrfs_free_extent:3105: errno=-5 IO failure");
        assertThat(f.remedy().guest()).contains("btrfs device stats -z only once the scrub is clean");
        assertThat(Fixture.samples(d, "guestdiag_btrfs_readonly")).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEqualTo(Map.of("fsid", EIO_FSID, "mountpoint", "/mnt", "reason", "forced"));
            assertThat(s.value()).isEqualTo(1.0);
        });
    }

    @Test
    void writeErrorsAreCriticalNamingDevidDeviceAndCounter() {
        Diagnosis d = Fixture.diagnose(Fixture.inventory("btrfs-blkdebug-eio"));
        Finding f = only(d, "btrfs.device-errors");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.summary()).contains("devid 1", "/dev/vda", "7 write errors");
        assertThat(f.evidence()).extracting(Evidence::source).contains("/sys/fs/btrfs/" + EIO_FSID + "/devinfo/1/error_stats");
        assertThat(f.evidence()).extracting(Evidence::value)
                .contains("[   10.172555] BTRFS error (device vda): bdev /dev/vda errs: wr 7, rd 0, flush 0, corrupt 0, gen 0");
        List<Sample> counters = Fixture.samples(d, "guestdiag_btrfs_device_errors_total");
        assertThat(counters).hasSize(5).allSatisfy(s -> assertThat(s.type()).isEqualTo(Sample.Type.COUNTER));
        assertThat(counters).filteredOn(s -> s.labels().get("type").equals("write")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo(7.0);
                    assertThat(s.labels()).containsEntry("devid", "1").containsEntry("device", "vda");
                });
        assertThat(ids(d)).doesNotContain("btrfs.missing-device", "btrfs.metadata-space");
    }

    @Test
    void degradedRaid1IsCriticalAndNothingElseIsInvented() {
        Diagnosis d = Fixture.diagnose(Fixture.inventory("btrfs-raid1-degraded"));
        Finding f = only(d, "btrfs.missing-device");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.summary()).contains("devid 2");
        assertThat(f.evidence()).extracting(Evidence::source).contains("/sys/fs/btrfs/" + RAID_FSID + "/devinfo/2/missing");
        assertThat(f.evidence()).extracting(Evidence::value).anySatisfy(v -> assertThat(v).contains("degraded"))
                .anySatisfy(v -> assertThat(v).contains("devid 2 uuid bc2c4346-1e0d-4a4c-8310-4f054cb03d47 is missing"));
        assertThat(f.remedy().guest()).contains("-o degraded is a one-time rescue");
        assertThat(Fixture.samples(d, "guestdiag_btrfs_device_missing"))
                .extracting(s -> s.labels().get("devid") + "=" + (int) s.value()).containsExactlyInAnyOrder("1=0", "2=1");
        assertThat(ids(d)).doesNotContain("btrfs.forced-readonly", "btrfs.device-errors");
        assertThat(Fixture.samples(d, "guestdiag_btrfs_readonly")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtio-blk", "virtio-scsi-shared", "virtio-scsi-single", "ide-piix", "cpu-kvm64", "cpu-max-smt",
            "discard", "nic-virtio", "pve-recommended"})
    void noBtrfsNoBtrfsVerdicts(String config) {
        Diagnosis d = Fixture.diagnose(Fixture.inventory(config));
        assertThat(Fixture.btrfsFindings(d)).isEmpty();
        assertThat(d.results()).filteredOn(r -> r.check().startsWith("btrfs-"))
                .hasSize(7).allSatisfy(r ->
                        assertThat(r.status()).as(r.check() + " " + r.reason()).isEqualTo(org.guestdiag.check.CheckResult.Status.OK));
        assertThat(ExposedSamples.of(d)).noneMatch(s -> s.name().startsWith("guestdiag_btrfs_"));
    }
}
