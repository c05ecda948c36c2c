package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text report on real captures: every remedy block opens with "fix:", in the dialect of the platform seen. */
class TextReportPlatformTest {
    private static List<String> fixLines(String fixture) {
        Cli.Run run = Cli.run("diagnose", "--root", Cli.fixture(fixture).toString(), "--format", "text");
        return run.out().lines().filter(l -> l.startsWith("      fix:  ")).map(l -> l.substring(12)).toList();
    }

    @Test
    void aProxmoxGuestReadsProxmoxFirst() {
        List<String> fixes = fixLines("pve-i440fx");
        assertThat(fixes).isNotEmpty();
        assertThat(fixes).allSatisfy(l -> assertThat(l).matches("(Proxmox|guest): .*"));
        assertThat(fixes).anySatisfy(l -> assertThat(l).startsWith("Proxmox: "));
    }

    @Test
    void aPlainQemuGuestReadsQemuFirst() {
        List<String> fixes = fixLines("virtio-blk");
        assertThat(fixes).isNotEmpty();
        assertThat(fixes).allSatisfy(l -> assertThat(l).matches("(QEMU: |guest:) .*"));
    }

    @Test
    void theHeadlineOfAVmWithNothingWorseThanInfoIsOk() {
        Cli.Run run = Cli.run("diagnose", "--root", Cli.fixture("kvm-microvm").toString(), "--format", "text", "--color", "never");
        String first = run.out().lines().findFirst().orElseThrow();
        assertThat(run.exitCode()).isZero();
        assertThat(first).endsWith("[ok]");
        Cli.Run sick = Cli.run("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--format", "text", "--color", "never");
        assertThat(sick.out().lines().findFirst().orElseThrow()).endsWith("[CRITICAL]");
    }
}
