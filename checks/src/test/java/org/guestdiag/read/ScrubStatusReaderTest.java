package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.ScrubDevice;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.ScrubStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubStatusReaderTest {
    static final String FSID = "fce23936-c032-4484-b0f5-892b9b229d0e";
    static final String FILE = "scrub.status." + FSID;

    /** Written by btrfs-progs 6.2 after `btrfs scrub start -B` on a loop-mounted btrfs of this machine. */
    static String real() throws Exception {
        return Files.readString(Path.of("src/test/resources/btrfs/" + FILE));
    }

    @Test
    void valid() throws Exception {
        ScrubStatus s = ScrubStatusReader.parse(real(), FSID, "f");
        assertThat(s.devices()).hasSize(1);
        ScrubDevice d = s.devices().get(0);
        assertThat(d.devid()).isEqualTo(1);
        assertThat(d.start()).hasValue(1795617058L);
        assertThat(d.finished()).isTrue();
        assertThat(d.canceled()).isFalse();
        assertThat(d.uncorrectableErrors()).hasValue(0);
        assertThat(d.correctedErrors()).hasValue(0);
        assertThat(d.finish()).hasValue(1795617058L);
    }

    @Test
    void errorsAndUnfinished() throws Exception {
        String text = real().replace("uncorrectable_errors:0", "uncorrectable_errors:3").replace("corrected_errors:0", "corrected_errors:2")
                .replace("finished:1", "finished:0").replace("duration:0", "duration:60");
        ScrubDevice d = ScrubStatusReader.parse(text, FSID, "f").devices().get(0);
        assertThat(d.uncorrectableErrors()).hasValue(3);
        assertThat(d.correctedErrors()).hasValue(2);
        assertThat(d.finished()).isFalse();
        assertThat(d.finish()).isEmpty();
    }

    @Test
    void headerOnlyHasNoDevices() {
        assertThat(ScrubStatusReader.parse("scrub status:1\n", FSID, "f").devices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "scrub status:2\n", "garbage\n", "scrub status:1\n" + FSID + "|t_start:1\n",
            "scrub status:1\nother:1|t_start:1\n", "scrub status:1\n" + FSID + ":1|t_start:x\n",
            "scrub status:1\n" + FSID + ":1|read_errors:0|csum_er"})
    void emptyTruncatedGarbage(String text) {
        assertThatThrownBy(() -> ScrubStatusReader.parse(text, FSID, "/var/lib/btrfs/" + FILE))
                .isInstanceOf(ReadException.class).hasMessageStartingWith("/var/lib/btrfs/" + FILE + ": line ");
    }

    @Test
    void readThroughTheRoot(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("var/lib/btrfs"));
        Files.writeString(dir.resolve("var/lib/btrfs/" + FILE), real());
        Files.writeString(dir.resolve("var/lib/btrfs/" + FILE + "_tmp"), "half written");
        Problems problems = new Problems();
        ScrubRecords records = new ScrubStatusReader().read(Root.of(dir), problems);
        assertThat(problems.list()).isEmpty();
        assertThat(records.directory()).isTrue();
        assertThat(records.statuses()).extracting(ScrubStatus::fsid).containsExactly(FSID);
    }

    @Test
    void noDirectoryIsSaidAsSuch(@TempDir Path dir) {
        ScrubRecords records = new ScrubStatusReader().read(Root.of(dir), new Problems());
        assertThat(records.directory()).isFalse();
        assertThat(records.statuses()).isEmpty();
    }

    @Test
    void anEmptyDirectoryIsNoScrubOfAnyFilesystem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("var/lib/btrfs"));
        ScrubRecords records = new ScrubStatusReader().read(Root.of(dir), new Problems());
        assertThat(records.directory()).isTrue();
        assertThat(records.statuses()).isEmpty();
    }
}
