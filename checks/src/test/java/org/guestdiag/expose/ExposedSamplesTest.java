package org.guestdiag.expose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.model.Disk;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.run.Judgements;
import org.guestdiag.read.Outcome;
import org.junit.jupiter.api.Test;

/**
 * A server's samples, refresh after refresh: always what a diagnosis built whole gives, and where an area's
 * inputs are the same objects as the last time, its very samples again.
 */
class ExposedSamplesTest {
    private static Sample first(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The sample of a check whose verdict a refresh of an unchanged VM keeps (not the agent's, not one judged on the clock). */
    private static Sample kept(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().get("check").startsWith("cpu")).findFirst().orElseThrow();
    }

    @Test
    void unchangedAreasGiveTheSameSamplesAndEveryListIsTheWholeOne() {
        Inventory inv = Fixtures.inventory(Fixtures.root("btrfs-raid1-degraded"));
        Judgements judgements = new Judgements();
        ExposedSamples exposed = new ExposedSamples();

        Diagnosis d1 = Diagnosis.run(inv, Checks.all(), judgements);
        List<Sample> s1 = exposed.next(d1);
        assertThat(s1).isEqualTo(ExposedSamples.of(d1));

        // a refresh that found everything as it was: a later inventory with the same outcome objects
        Diagnosis d2 = Diagnosis.run(inv.with(Map.of(), Instant.now().plusSeconds(15)), Checks.all(), judgements);
        List<Sample> s2 = exposed.next(d2);
        assertThat(s2).isEqualTo(ExposedSamples.of(d2));
        assertThat(first(s2, "guestdiag_disk_info")).isSameAs(first(s1, "guestdiag_disk_info"));
        assertThat(first(s2, "guestdiag_cpu_info")).isSameAs(first(s1, "guestdiag_cpu_info"));
        assertThat(first(s2, "guestdiag_finding")).isSameAs(first(s1, "guestdiag_finding"));
        // a kept verdict keeps its samples; the agent's own result is new in every diagnosis
        assertThat(kept(s2, "guestdiag_check_success")).isSameAs(kept(s1, "guestdiag_check_success"));
        assertThat(first(s2, "guestdiag_last_refresh_timestamp_seconds").value())
                .isNotEqualTo(first(s1, "guestdiag_last_refresh_timestamp_seconds").value());

        // the disks read again to another value (one disk gone): built anew, and the CPU's kept
        @SuppressWarnings("unchecked")
        List<Disk> disks = ((Outcome.Ok<List<Disk>>) inv.outcome(Sources.DISKS).orElseThrow()).value();
        Inventory fewer = inv.with(Map.of(Sources.DISKS.name(), new Outcome.Ok<>(disks.subList(1, disks.size()), List.of(), Duration.ZERO)),
                Instant.now().plusSeconds(30));
        Diagnosis d3 = Diagnosis.run(fewer, Checks.all(), judgements);
        List<Sample> s3 = exposed.next(d3);
        assertThat(s3).isEqualTo(ExposedSamples.of(d3));
        assertThat(s3.stream().filter(s -> s.name().equals("guestdiag_disk_info")).count()).isEqualTo(disks.size() - 1L);
        assertThat(first(s3, "guestdiag_cpu_info")).isSameAs(first(s1, "guestdiag_cpu_info"));
    }
}
