package org.guestdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** expected.txt's kernel lines and CONFIG@SERIES lines, and the suite's own file read whole. */
class ExpectationTest {

    private static final List<String> TABLE = List.of(
            "kernel 6.1 bookworm all",
            "kernel 5.10 bullseye smt nvme",
            "smt      warnings hypervisor.tcg:vm",
            "smt      cpu - threads=1 sockets=1",
            "smt      numa - nodes=1",
            "smt@5.10 cpu - threads=2 sockets=1",
            "nvme     disk N0 bus=nvme",
            "nvme     disk N1 bus=nvme",
            "nvme@5.10 disk N1 bus=nvme queue_depth=-",
            "ahci     disk A0 bus=ahci");

    private static List<String> lines(List<Expectation> es) {
        return es.stream().map(e -> e.kind() + " " + e.subject() + " " + String.join(" ", e.words())).toList();
    }

    @Test
    void aKernelLineReplacesTheLineOfTheSameKindAndSubjectOnThatKernelOnly() {
        Expectation.Table t = Expectation.parse(TABLE);
        assertThat(lines(t.of("smt", "6.1"))).containsExactly("warnings - hypervisor.tcg:vm", "cpu - threads=1 sockets=1", "numa - nodes=1");
        assertThat(lines(t.of("smt", "5.10"))).containsExactly("warnings - hypervisor.tcg:vm", "numa - nodes=1", "cpu - threads=2 sockets=1");
        assertThat(lines(t.of("nvme", "5.10"))).containsExactly("disk N0 bus=nvme", "disk N1 bus=nvme queue_depth=-");
        assertThat(t.of("smt", "5.10").get(2).line()).isEqualTo(6);
    }

    @Test
    void theFirstKernelIsTheDefaultAndRunsEveryConfiguration() {
        Expectation.Table t = Expectation.parse(TABLE);
        assertThat(t.defaultKernel().series()).isEqualTo("6.1");
        assertThat(t.configs(t.defaultKernel())).containsExactly("smt", "nvme", "ahci");
        assertThat(t.configs(t.kernels().get(1))).containsExactly("smt", "nvme");
        assertThat(t.kernels().get(1).suite()).isEqualTo("bullseye");
    }

    @Test
    void aLineNoBootWouldCheckIsAnError() {
        assertThatThrownBy(() -> Expectation.parse(List.of("kernel 6.1 bookworm all", "ahci@6.12 disk A0 bus=ahci")))
                .hasMessageContaining("line 2").hasMessageContaining("no kernel line for 6.12");
        assertThatThrownBy(() -> Expectation.parse(List.of("kernel 6.1 bookworm all", "kernel 5.10 bullseye nvme",
                "nvme disk N0 bus=nvme", "ahci disk A0 bus=ahci", "ahci@5.10 disk A0 bus=ahci")))
                .hasMessageContaining("line 5").hasMessageContaining("ahci is not run on 5.10");
        assertThatThrownBy(() -> Expectation.parse(List.of("kernel 6.1 bookworm all", "kernel 5.10 bullseye nvme", "ahci disk A0 bus=ahci")))
                .hasMessageContaining("line 2").hasMessageContaining("no expectations for nvme");
        assertThatThrownBy(() -> Expectation.parse(List.of("ahci disk A0 bus=ahci"))).hasMessageContaining("no kernel line");
    }

    @Test
    void theSuitesOwnTableReads() throws Exception {
        Expectation.Table t = Expectation.read(Path.of("src/it/lab/expected.txt"));
        assertThat(t.defaultKernel().series()).isEqualTo("6.1");
        assertThat(t.defaultKernel().runsAll()).isTrue();
        for (Expectation.Kernel k : t.kernels()) {
            for (String c : t.configs(k)) assertThat(t.of(c, k.series())).as(c + " on " + k.series()).isNotEmpty();
        }
    }
}
