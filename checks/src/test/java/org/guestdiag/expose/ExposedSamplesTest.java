package org.guestdiag.expose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.model.Disk;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis's samples follow its inventory: devices come and go with it. What moves at every refresh of an
 * unchanged VM (its time, the checks' durations) is no sample: the next diagnosis's samples are equal.
 */
class ExposedSamplesTest {
    private static List<Sample> named(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void samplesFollowTheInventoryAndNotTheClock() {
        Inventory inv = Fixtures.inventory(Fixtures.root("btrfs-raid1-degraded"));
        List<Sample> s1 = ExposedSamples.of(Diagnosis.run(inv, Checks.all()));
        assertThat(named(s1, "guestdiag_check_success")).hasSize(Checks.all().size() + 1); // and the agent's own
        // read again to the same values a minute later, every check judged anew (their durations differ)
        assertThat(ExposedSamples.of(Diagnosis.run(inv.with(Map.of(), inv.takenAt().plusSeconds(60)), Checks.all()))).isEqualTo(s1);

        // the disks read again with one gone: its series go with it
        @SuppressWarnings("unchecked")
        List<Disk> disks = ((Outcome.Ok<List<Disk>>) inv.outcome(Sources.DISKS).orElseThrow()).value();
        Instant later = inv.takenAt().plusSeconds(30);
        Inventory fewer = inv.with(Map.of(Sources.DISKS.name(), new Outcome.Ok<>(disks.subList(1, disks.size()), List.of(), Duration.ZERO)), later);
        List<Sample> s2 = ExposedSamples.of(Diagnosis.run(fewer, Checks.all()));
        assertThat(named(s2, "guestdiag_disk_info")).hasSize(disks.size() - 1)
                .noneMatch(s -> s.labels().get("device").equals(disks.get(0).name()));
    }
}
