package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.model.BtrfsChecksum;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What makes it safe to keep a verdict while the sources under it are unchanged: a check's verdict depends
 * on the sources it declares (requires and optional) and on nothing else. Every check on every captured
 * guest is judged on the full inventory and on one holding only its declared sources, and must come to the
 * same verdict; a check that reads a source it does not declare differs wherever that source has something
 * to say. The other input a check can have is the inventory's time: only a check that says it uses it
 * ({@link Check#usesTime()}) may judge differently when the same inventory is taken later.
 */
class DeclaredSourcesTest {
    @TempDir static Path tmp;
    private static final Map<String, Inventory> INVENTORIES = new ConcurrentHashMap<>();

    /** A guest to judge, read once for all the tests of this class. */
    record Guest(String name, Supplier<Inventory> read) {
        Inventory inventory() {
            return INVENTORIES.computeIfAbsent(name, n -> read.get());
        }

        @Override public String toString() {
            return name;
        }
    }

    /**
     * Every captured guest; the btrfs one with a scrub record from btrfs-progs (no capture has one); and the
     * two guests BtrfsPolicyTest puts together, which reach verdicts no capture does: kvm64's CPU under a btrfs
     * with the generic checksum driver, a btrfs over the disks of a shared virtio-scsi controller.
     */
    static Stream<Guest> guests() {
        BtrfsFilesystem fs = Fixtures.read("btrfs-blkdebug-eio", Sources.BTRFS).get(0);
        BtrfsFilesystem generic = new BtrfsFilesystem(fs.fsid(), fs.label(), fs.devices(), fs.members(), fs.allocation(),
                Optional.of(new BtrfsChecksum("crc32c", "crc32c-generic")), fs.features(), fs.nodesize(), fs.sectorsize(), fs.globalReserveBytes());
        BtrfsFilesystem overShared = new BtrfsFilesystem(fs.fsid(), fs.label(), List.of(), List.of(new BtrfsMember("sda", OptionalLong.empty()),
                new BtrfsMember("sdb", OptionalLong.empty())), Map.of(), Optional.empty(), List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        List<Guest> made = List.of(
                new Guest("btrfs-blkdebug-eio with a scrub record", () -> Fixtures.inventory(Root.of(scrubbed(fs.fsid())))),
                new Guest("cpu-kvm64's CPU under a btrfs with the generic checksum", () -> with(captured("btrfs-blkdebug-eio"),
                        Sources.CPU, Fixtures.read("cpu-kvm64", Sources.CPU), Sources.BTRFS, List.of(generic))),
                new Guest("a btrfs over virtio-scsi-shared's disks", () -> with(captured("virtio-scsi-shared"), Sources.BTRFS, List.of(overShared))));
        return Stream.concat(Fixtures.all().stream().map(f -> new Guest(f, () -> captured(f))), made.stream());
    }

    /** The btrfs capture with BtrfsPolicyTest's scrub record for its filesystem. */
    private static Path scrubbed(String fsid) {
        String recorded = "fce23936-c032-4484-b0f5-892b9b229d0e";
        try {
            Path root = Fixtures.copy("btrfs-blkdebug-eio", tmp);
            Files.createDirectories(root.resolve("var/lib/btrfs"));
            Files.writeString(root.resolve("var/lib/btrfs/scrub.status." + fsid),
                    Files.readString(Path.of("src/test/resources/btrfs/scrub.status." + recorded)).replace(recorded, fsid));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Inventory captured(String fixture) {
        return Fixtures.inventory(Fixtures.root(fixture));
    }

    /** {@code inv} with some sources read as other values: source, value, source, value … */
    private static Inventory with(Inventory inv, Object... sourceValue) {
        Map<String, Outcome<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < sourceValue.length; i += 2) {
            m.put(((Source<?>) sourceValue[i]).name(), new Outcome.Ok<>(sourceValue[i + 1], List.of(), Duration.ZERO));
        }
        return inv.with(m, inv.takenAt());
    }

    /** What a check concluded, without how long it took. */
    static CheckResult verdict(Check c, Inventory inv) {
        CheckResult r = Diagnosis.run(inv, List.of(c)).results().get(0);
        return new CheckResult(r.check(), r.area(), r.status(), r.reason(), r.findings(), Duration.ZERO);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void everyCheckJudgesOnlyTheSourcesItDeclares(Guest guest) {
        Inventory full = guest.inventory();
        SoftAssertions softly = new SoftAssertions();
        for (Check c : Checks.all()) {
            Set<String> declared = Stream.concat(c.requires().stream(), c.optional().stream()).map(Source::name).collect(Collectors.toSet());
            Map<String, Outcome<?>> only = new LinkedHashMap<>(full.outcomes());
            only.keySet().retainAll(declared);
            softly.assertThat(verdict(c, new Inventory(only, full.takenAt())))
                    .as("%s on only the sources it declares %s", c.name(), declared).isEqualTo(verdict(c, full));
        }
        softly.assertAll();
        assertThat(full.outcomes()).as("every source was read").hasSameSizeAs(Sources.all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void onlyChecksThatSaySoJudgeByTheTime(Guest guest) {
        Inventory now = guest.inventory();
        // ten years on every age is past its threshold, and one that is shown has changed
        Inventory later = new Inventory(now.outcomes(), now.takenAt().plus(Duration.ofDays(3650)));
        SoftAssertions softly = new SoftAssertions();
        for (Check c : Checks.all()) {
            if (c.usesTime()) continue;
            softly.assertThat(verdict(c, later)).as("%s on the same inventory ten years later", c.name()).isEqualTo(verdict(c, now));
        }
        softly.assertAll();
    }
}
