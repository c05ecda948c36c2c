package org.guestdiag.check.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.expose.Sample;
import org.guestdiag.check.Severity;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;

/** Verdicts on the lab's md guests (configs.sh: md-raid1-healthy, md-raid1-rebuild, md-raid5-degraded, md-raid1-noserial). */
class MdFixtureVerdictTest {
    static List<Finding> md(Diagnosis d) {
        return d.findings().stream().filter(f -> f.id().startsWith("md.")).toList();
    }

    static List<Sample> samples(Diagnosis d, String name) {
        return ExposedSamples.of(d).stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void aHealthyRaid1SaysNothingButIsInTheMetrics() {
        Diagnosis d = Fixtures.diagnose("md-raid1-healthy");
        assertThat(md(d)).isEmpty();
        assertThat(samples(d, "guestdiag_md_info")).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("device", "md0").containsEntry("level", "raid1"));
        assertThat(samples(d, "guestdiag_md_degraded_disks")).singleElement().satisfies(s -> assertThat(s.value()).isZero());
        assertThat(samples(d, "guestdiag_md_state")).filteredOn(s -> s.value() == 1).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("state", "clean"));
        assertThat(samples(d, "guestdiag_md_disks")).filteredOn(s -> s.labels().get("state").equals("in_sync")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(2));
        assertThat(samples(d, "guestdiag_md_sync_completed_ratio")).isEmpty(); // idle: no progress, not a zero
    }

    @Test
    void aFailedMemberWithANewDiskRebuildingIsCriticalAndTheRebuildIsTold() {
        // mdadm --fail /dev/vdb, then --add /dev/vdc with the rebuild held at 16 KiB/s
        Diagnosis d = Fixtures.diagnose("md-raid1-rebuild");
        Finding f = md(d).stream().filter(x -> x.id().equals("md.degraded")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.summary()).isEqualTo("/dev/md0 (raid1) is degraded: 1 of 2 slots without a working member; faulty: vdb; rebuilding onto vdc");
        assertThat(f.evidence()).contains(new Evidence("/sys/block/md0/md/dev-vdb/state", "faulty, slot none"),
                new Evidence("/sys/block/md0/md/dev-vdc/state", "spare, slot 1"));
        Finding sync = md(d).stream().filter(x -> x.id().equals("md.sync")).findFirst().orElseThrow();
        assertThat(sync.severity()).isEqualTo(Severity.INFO);
        assertThat(sync.summary()).startsWith("/dev/md0 (raid1): recover in progress, ").contains("% done at ", " KiB/s, about ");
        // sysfs's checkpoint had not moved yet; /proc/mdstat had
        assertThat(sync.evidence()).contains(new Evidence("/sys/block/md0/md/sync_completed", "0 / 129024"));
        assertThat(samples(d, "guestdiag_md_sync_completed_ratio")).singleElement().satisfies(s -> assertThat(s.value()).isBetween(0.001, 0.5));
        assertThat(samples(d, "guestdiag_md_sync_action")).filteredOn(s -> s.value() == 1).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("action", "recover"));
        assertThat(samples(d, "guestdiag_md_disks")).filteredOn(s -> s.labels().get("state").equals("faulty")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(1));
        assertThat(md(d)).extracting(Finding::id).containsExactlyInAnyOrder("md.degraded", "md.sync");
    }
}
