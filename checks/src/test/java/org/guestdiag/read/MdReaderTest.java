package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdSync;
import org.guestdiag.model.MdstatEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MdReaderTest {
    /** The shapes md.c's md_seq_show prints (6.1): a rebuild with a failed member, a degraded raid5, an inactive array. */
    static final String MDSTAT = """
            Personalities : [raid1] [raid6] [raid5] [raid4]
            md0 : active raid1 vdc[2] vdb[1](F) vda[0]
                  65472 blocks super 1.2 [2/1] [U_]
                  [>....................]  recovery =  1.5% (1024/65472) finish=67.1min speed=16K/sec

            md1 : active (auto-read-only) raid5 vdb[1] vda[0]
                  130048 blocks super 1.2 level 5, 512k chunk, algorithm 2 [3/2] [UU_]

            md127 : inactive vdd[0](S)
                  65472 blocks super 1.2

            unused devices: <none>
            """;

    @Test
    void valid() {
        List<MdstatEntry> e = MdReader.parseMdstat(MDSTAT, "/proc/mdstat");
        assertThat(e).extracting(MdstatEntry::name).containsExactly("md0", "md1", "md127");
        MdstatEntry md0 = e.get(0);
        assertThat(md0.active()).isTrue();
        assertThat(md0.level()).hasValue("raid1");
        assertThat(md0.members()).extracting(MdstatEntry.MdstatMember::device).containsExactly("vdc", "vdb", "vda");
        assertThat(md0.members().get(1).faulty()).isTrue();
        assertThat(md0.members().get(0).faulty()).isFalse();
        assertThat(md0.raidDisks()).hasValue(2);
        assertThat(md0.workingDisks()).hasValue(1);
        assertThat(md0.roles()).hasValue("U_");
        assertThat(md0.progress()).hasValue(new MdSync(2048, 130944)); // KiB in /proc/mdstat, sectors here
        MdstatEntry md1 = e.get(1);
        assertThat(md1.readOnly()).hasValue("auto-read-only");
        assertThat(md1.level()).hasValue("raid5");
        assertThat(md1.roles()).hasValue("UU_");
        MdstatEntry md127 = e.get(2);
        assertThat(md127.active()).isFalse();
        assertThat(md127.level()).isEmpty();
        assertThat(md127.members()).singleElement().satisfies(m -> assertThat(m.flags()).isEqualTo("S"));
        assertThat(md127.raidDisks()).isEmpty();
    }

    @Test
    void empty() {
        assertThat(MdReader.parseMdstat("", "f")).isEmpty();
        assertThat(MdReader.parseMdstat("Personalities : \nunused devices: <none>\n", "f")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage\n", "      65472 blocks\n", "md0 : running raid1 vda[0]\n", "md0 : active raid1 vda[0] junk\n",
            "md0 : active raid1 vda[0]\n      65472 blocks super 1.2 [2/3] [UU]\n", "md0 : active raid1 vda[0]\n      1 blocks [2/1] [U]\n",
            "md0 : active raid1 vda[99999999999]\n",
            "md0 : active raid1 vda[0]\n      [>...]  recovery =  1.5% (65473/65472) finish=1min speed=16K/sec\n"})
    void garbageNamesTheFileAndLine(String text) {
        assertThatThrownBy(() -> MdReader.parseMdstat(text, "/proc/mdstat"))
                .isInstanceOf(ReadException.class).hasMessageStartingWith("/proc/mdstat: line ");
    }

    @Test
    void truncated() {
        // cut in the middle of the status line: the [n/m] [U_] pair is not there, so it is absent, not guessed
        List<MdstatEntry> e = MdReader.parseMdstat("md0 : active raid1 vdb[1] vda[0]\n      65472 blocks super 1.2 [2/", "f");
        assertThat(e).singleElement().satisfies(x -> assertThat(x.raidDisks()).isEmpty());
    }

    @Test
    void memberAttributes() {
        assertThat(MdReader.parseStates("in_sync,write_mostly\n", "f")).containsExactly("in_sync", "write_mostly");
        assertThat(MdReader.parseStates("\n", "f")).isEmpty();
        assertThatThrownBy(() -> MdReader.parseStates("in_sync,,x\n", "s")).isInstanceOf(ReadException.class).hasMessageStartingWith("s:");
        assertThat(MdReader.parseSlot("none\n", "f")).isEmpty();
        assertThat(MdReader.parseSlot("2\n", "f")).hasValue(2);
        assertThatThrownBy(() -> MdReader.parseSlot("-1", "slot")).isInstanceOf(ReadException.class).hasMessageStartingWith("slot:");
    }

    @Test
    void syncAttributes() {
        assertThat(MdReader.parseSyncCompleted("1024 / 130944\n", "f")).hasValue(new MdSync(1024, 130944));
        assertThat(MdReader.parseSyncCompleted("none\n", "f")).isEmpty();
        assertThat(MdReader.parseSyncCompleted("delayed\n", "f")).isEmpty();
        assertThatThrownBy(() -> MdReader.parseSyncCompleted("1024/", "sc")).isInstanceOf(ReadException.class).hasMessageStartingWith("sc:");
        assertThatThrownBy(() -> MdReader.parseSyncCompleted("99999999999999999999 / 1", "sc")).isInstanceOf(ReadException.class);
        assertThat(MdReader.parseSpeed("16\n", "f")).hasValue(16);
        assertThat(MdReader.parseSpeed("none\n", "f")).isEmpty();
        assertThatThrownBy(() -> MdReader.parseSpeed("fast", "sp")).isInstanceOf(ReadException.class);
    }

    @Test
    void noMdDriverIsAnEmptyList(@TempDir Path dir) {
        Problems p = new Problems();
        assertThat(new MdReader().read(Root.of(dir), p)).isEmpty();
        assertThat(p.list()).isEmpty();
    }

    /** Through the production reader on a tree shaped like sysfs: sysfs values win, absent ones stay absent. */
    @Test
    void readsSysfsBesideMdstat(@TempDir Path dir) throws Exception {
        write(dir, "proc/mdstat", MDSTAT);
        Path md = dir.resolve("sys/block/md0/md");
        write(md, "level", "raid1\n");
        write(md, "array_state", "clean\n");
        write(md, "raid_disks", "2\n");
        write(md, "degraded", "1\n");
        write(md, "sync_action", "recover\n");
        write(md, "sync_completed", "1024 / 130944\n");
        write(md, "sync_speed", "16\n");
        write(md, "mismatch_cnt", "0\n");
        write(md, "last_sync_action", "resync\n");
        write(md, "dev-vda/state", "in_sync\n");
        write(md, "dev-vda/slot", "0\n");
        write(md, "dev-vda/errors", "0\n");
        write(md, "dev-vdb/state", "faulty\n");
        write(md, "dev-vdb/slot", "none\n");
        write(md, "dev-vdc/state", "spare\n");
        write(md, "dev-vdc/slot", "1\n");
        Problems p = new Problems();
        List<MdArray> arrays = new MdReader().read(Root.of(dir), p);
        assertThat(p.list()).isEmpty();
        assertThat(arrays).extracting(MdArray::name).containsExactly("md0", "md1", "md127");
        MdArray a = arrays.get(0);
        assertThat(a.arrayState()).hasValue("clean");
        assertThat(a.degraded()).hasValue(1);
        assertThat(a.syncCompleted()).hasValue(new MdSync(1024, 130944));
        assertThat(a.syncSpeedKib()).hasValue(16);
        assertThat(a.members()).extracting(m -> m.device() + " " + m.states() + " " + m.slot())
                .containsExactlyInAnyOrder("vda [in_sync] OptionalInt[0]", "vdb [faulty] OptionalInt.empty", "vdc [spare] OptionalInt[1]");
        assertThat(a.members()).filteredOn(m -> m.device().equals("vdc")).singleElement().satisfies(m -> assertThat(m.errors()).isEmpty());
        // md1 and md127 have no sysfs here: what /proc/mdstat says stands, nothing is made up
        MdArray md1 = arrays.get(1);
        assertThat(md1.arrayState()).isEmpty();
        assertThat(md1.degraded()).isEmpty();
        assertThat(md1.missingSlots()).isEqualTo(OptionalInt.of(1));
        assertThat(md1.levelName()).hasValue("raid5");
        assertThat(arrays.get(2).inactive()).isTrue();
    }

    @Test
    void aGarbledAttributeIsAProblemNamingItAndTheRestIsRead(@TempDir Path dir) throws Exception {
        write(dir, "proc/mdstat", "md0 : active raid1 vdb[1] vda[0]\n      65472 blocks super 1.2 [2/2] [UU]\n");
        Path md = dir.resolve("sys/block/md0/md");
        write(md, "degraded", "lots\n");
        write(md, "sync_completed", "half\n");
        write(md, "array_state", "clean\n");
        Problems p = new Problems();
        MdArray a = new MdReader().read(Root.of(dir), p).get(0);
        assertThat(p.list()).extracting(ReadException::file).containsExactlyInAnyOrder("/sys/block/md0/md/degraded", "/sys/block/md0/md/sync_completed");
        assertThat(a.degraded()).isEmpty();
        assertThat(a.arrayState()).hasValue("clean");
    }

    static void write(Path dir, String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
