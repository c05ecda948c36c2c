package org.guestdiag.check.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The md checks on trees shaped like /proc/mdstat and /sys/block/mdX/md as md.c writes them (6.1), for the
 * states the lab guests do not reach: inactive, broken, mismatches after a check, members asking to be
 * replaced. The lab's own arrays are judged in MdFixtureVerdictTest.
 */
class MdChecksTest {
    @TempDir Path dir;
    Path md;

    @BeforeEach
    void raid1() throws Exception {
        md = dir.resolve("sys/block/md0/md");
        write("proc/mdstat", "Personalities : [raid1]\nmd0 : active raid1 vdb[1] vda[0]\n      65472 blocks super 1.2 [2/2] [UU]\n\nunused devices: <none>\n");
        attr("level", "raid1");
        attr("array_state", "clean");
        attr("raid_disks", "2");
        attr("degraded", "0");
        attr("sync_action", "idle");
        attr("sync_completed", "none");
        attr("sync_speed", "none");
        attr("mismatch_cnt", "0");
        attr("last_sync_action", "resync");
        member("vda", "in_sync", "0");
        member("vdb", "in_sync", "1");
    }

    @Test
    void aHealthyArraySaysNothing() {
        assertThat(mdFindings()).isEmpty();
    }

    @Test
    void aFailedMemberAndARebuildAreCriticalNamingThemAndTheRebuildIsInformationWithItsEta() throws Exception {
        write("proc/mdstat", "md0 : active raid1 vdc[2] vdb[1](F) vda[0]\n      65472 blocks super 1.2 [2/1] [U_]\n"
                + "      [>....................]  recovery =  1.5% (1024/65472) finish=67.1min speed=16K/sec\n");
        attr("degraded", "1");
        attr("sync_action", "recover");
        attr("sync_completed", "1024 / 130944");
        attr("sync_speed", "16");
        member("vdb", "faulty", "none");
        member("vdc", "spare", "1");
        Finding f = only("md.degraded");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("md0");
        assertThat(f.summary()).isEqualTo("/dev/md0 (raid1) is degraded: 1 of 2 slots without a working member; faulty: vdb; rebuilding onto vdc");
        assertThat(f.evidence()).contains(new Evidence("/sys/block/md0/md/degraded", "1"),
                new Evidence("/sys/block/md0/md/dev-vdb/state", "faulty, slot none"),
                new Evidence("/sys/block/md0/md/dev-vdc/state", "spare, slot 1"));
        assertThat(f.remedy().guest()).contains("mdadm --detail /dev/md0", "--re-add", "--add");
        assertThat(f.remedy().proxmox()).contains("qm config <vmid>");
        Finding s = only("md.sync");
        assertThat(s.severity()).isEqualTo(Severity.INFO);
        // /proc/mdstat's position (1024 of 65472 KiB), not sync_completed's last checkpoint (1024 of 130944 sectors):
        // 64448 KiB left at 16 KiB/s = 4028 s, as mdstat's own finish=67.1min
        assertThat(s.summary()).isEqualTo("/dev/md0 (raid1): recover in progress, 1.6% done at 16 KiB/s, about 67 min left");
        assertThat(s.evidence()).contains(new Evidence("/sys/block/md0/md/sync_completed", "1024 / 130944"),
                new Evidence("/proc/mdstat", "(1024/65472) KiB"));
        assertThat(ids()).doesNotContain("md.spare", "md.mismatch");
    }

    @Test
    void aMemberMissingWithoutTraceIsAnEmptySlot() throws Exception {
        write("proc/mdstat", "md0 : active raid5 vdb[1] vda[0]\n      130048 blocks super 1.2 level 5, 512k chunk, algorithm 2 [3/2] [UU_]\n");
        attr("level", "raid5");
        attr("raid_disks", "3");
        attr("degraded", "1");
        assertThat(only("md.degraded").summary()).isEqualTo("/dev/md0 (raid5) is degraded: 1 of 3 slots without a working member; empty slot 2");
    }

    @Test
    void anInactiveArrayIsCritical() throws Exception {
        write("proc/mdstat", "md0 : inactive vda[0](S)\n      65472 blocks super 1.2\n");
        attr("array_state", "inactive");
        attr("level", "");
        Files.delete(md.resolve("degraded"));
        Finding f = only("md.inactive");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.summary()).isEqualTo("/dev/md0 is inactive: assembled from 1 member but not started, its data is not reachable");
        assertThat(f.evidence()).contains(new Evidence("/sys/block/md0/md/array_state", "inactive"), new Evidence("/proc/mdstat", "md0 : inactive vda[0](S)"));
        assertThat(f.remedy().guest()).contains("mdadm --run /dev/md0", "mdadm --assemble --scan");
        assertThat(ids()).containsExactly("md.inactive");
    }

    @Test
    void aBrokenRaid0IsCritical() throws Exception {
        attr("level", "raid0");
        attr("array_state", "broken");
        assertThat(only("md.broken").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void mismatchesAfterACheckWarnButNotAfterAResyncNorWhileTheCheckRuns() throws Exception {
        attr("mismatch_cnt", "128");
        assertThat(ids()).isEmpty(); // last_sync_action resync: md.rst counts mismatches of check and repair
        attr("last_sync_action", "check");
        Finding f = only("md.mismatch");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.summary()).isEqualTo("/dev/md0 (raid1): the last check found 128 sectors whose copies disagree");
        assertThat(f.evidence()).contains(new Evidence("/sys/block/md0/md/mismatch_cnt", "128"));
        attr("sync_action", "check");
        attr("sync_completed", "65472 / 130944");
        attr("sync_speed", "1000");
        assertThat(ids()).containsExactly("md.sync");
    }

    @Test
    void aHotSpareIsInventoryAndAMemberAskingToBeReplacedWarns() throws Exception {
        member("vdc", "spare", "none");
        assertThat(only("md.spare").severity()).isEqualTo(Severity.INFO);
        assertThat(only("md.spare").summary()).isEqualTo("/dev/md0 (raid1) has 1 hot spare: vdc");
        member("vdb", "in_sync,write_error,want_replacement", "1");
        Finding f = only("md.member-errors");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("md0/vdb");
        assertThat(f.remedy().guest()).contains("--replace /dev/vdb");
    }

    @Test
    void withoutMdNothingIsSaid() {
        Diagnosis d = Fixtures.diagnose("virtio-blk");
        assertThat(d.findings()).noneMatch(f -> f.id().startsWith("md."));
    }

    private List<Finding> mdFindings() {
        Diagnosis d = Diagnosis.run(Fixtures.inventory(Root.of(dir)), Checks.all());
        return d.findings().stream().filter(f -> f.id().startsWith("md.")).toList();
    }

    private List<String> ids() {
        return mdFindings().stream().map(Finding::id).toList();
    }

    private Finding only(String id) {
        List<Finding> f = mdFindings().stream().filter(x -> x.id().equals(id)).toList();
        assertThat(f).as(id + " among " + ids()).hasSize(1);
        return f.get(0);
    }

    private void member(String dev, String state, String slot) throws Exception {
        attr("dev-" + dev + "/state", state);
        attr("dev-" + dev + "/slot", slot);
        attr("dev-" + dev + "/errors", "0");
    }

    private void attr(String rel, String value) throws Exception {
        Path p = md.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, value + "\n");
    }

    private void write(String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
