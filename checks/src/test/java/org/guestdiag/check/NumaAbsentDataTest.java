package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.guestdiag.Fixtures;
import org.guestdiag.check.numa.NumaCheck;
import org.guestdiag.host.Root;
import org.guestdiag.model.Numa;
import org.guestdiag.read.CpuList;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NUMA nodes as some real trees have them: a {@code cpumap} (hex mask in 32-bit comma groups) and no
 * {@code cpulist}, or neither and no {@code meminfo} (only {@code vmstat}). Absent data stays absent, and
 * is never judged "a node with memory but no vCPUs".
 */
class NumaAbsentDataTest {
    @TempDir Path dir;

    @Test
    void cpumapFormat() {
        assertThat(CpuList.format(CpuList.parseMask("00000000,0000000f"))).isEqualTo("0-3");
        assertThat(CpuList.format(CpuList.parseMask("00000001,00000f00"))).isEqualTo("8-11,32");
        assertThat(CpuList.format(CpuList.parseMask("ff"))).isEqualTo("0-7");
        assertThat(CpuList.format(CpuList.parseMask("00000000"))).isEmpty();
        for (String bad : new String[] {"0x3", "zz", "1,,2", "123456789"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CpuList.parseMask(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private Path tree() throws Exception {
        Path root = Fixtures.copy("numa2", dir);
        Path nodes = root.resolve("sys/devices/system/node");
        // node0: cpumap only, as the kernel writes it on a machine with more than 32 possible CPUs
        Files.delete(nodes.resolve("node0/cpulist"));
        Files.writeString(nodes.resolve("node0/cpumap"), "00000000,00000003\n");
        // node1: neither CPU file, and vmstat in place of meminfo
        Files.delete(nodes.resolve("node1/cpulist"));
        Files.delete(nodes.resolve("node1/cpumap"));
        Files.delete(nodes.resolve("node1/meminfo"));
        Files.writeString(nodes.resolve("node1/vmstat"), "nr_free_pages 120000\nnr_zone_inactive_anon 10\n");
        return root;
    }

    @Test
    void cpumapGivesTheCpusAndNeitherFileGivesNothing() throws Exception {
        Problems problems = new Problems();
        Numa numa = Sources.NUMA.read(Root.of(tree()), problems);
        assertThat(problems.list()).isEmpty();
        assertThat(numa.nodes().get(0).cpulist()).hasValue("0-1");
        assertThat(numa.nodes().get(0).cpus()).hasValue(2);
        assertThat(numa.nodes().get(0).memTotalBytes()).isPresent();
        assertThat(numa.nodes().get(1).cpulist()).isEmpty();
        assertThat(numa.nodes().get(1).cpus()).isEmpty();
        assertThat(numa.nodes().get(1).memTotalBytes()).isEmpty();
    }

    @Test
    void noWarningFromAbsentFiles() throws Exception {
        Diagnosis d = Diagnosis.run(Fixtures.inventory(Root.of(tree())), java.util.List.of(new NumaCheck()));
        assertThat(d.findings()).extracting(Finding::id).doesNotContain("numa.unbalanced-node");
        assertThat(d.findings()).filteredOn(f -> f.id().equals("numa.layout")).singleElement()
                .satisfies(f -> assertThat(f.evidence().toString()).contains("cpus 0-1", "cpus unknown, memory unknown"));
    }

    @Test
    void aRealCpuLessNodeIsStillWarned() throws Exception {
        Path root = Fixtures.copy("numa2", dir);
        Files.writeString(root.resolve("sys/devices/system/node/node1/cpulist"), "\n");
        Diagnosis d = Diagnosis.run(Fixtures.inventory(Root.of(root)), java.util.List.of(new NumaCheck()));
        assertThat(Fixtures.at(d, Severity.WARNING)).contains("numa.unbalanced-node node1");
    }
}
