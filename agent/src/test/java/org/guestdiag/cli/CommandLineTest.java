package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exit codes of a monitoring plugin, and usage errors as UNKNOWN (3) with a clear message. */
class CommandLineTest {
    @Test
    void exitCodeFollowsTheWorstFinding() {
        // every capture ran under TCG: critical
        assertThat(Cli.run("diagnose", "--root", Cli.fixture("pve-recommended").toString()).exitCode()).isEqualTo(2);
        // only the disk checks on an emulated IDE disk: warning
        assertThat(Cli.run("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--check", "disk-bus,disk-queue").exitCode()).isEqualTo(1);
        // nothing worse than info
        assertThat(Cli.run("diagnose", "--root", Cli.fixture("virtio-scsi-single").toString(), "--check", "disk-bus").exitCode()).isZero();
    }

    @Test
    void textReportGroupsByAreaWorstFirst() {
        Cli.Run r = Cli.run("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--color", "never");
        assertThat(r.out()).contains("[CRITICAL]").contains("HYPERVISOR").contains("DISK")
                .contains("sda is on an emulated IDE (ata_piix) controller").contains("fix:  QEMU:").doesNotContain("\u001b[");
        assertThat(r.out().indexOf("\nHYPERVISOR\n")).isLessThan(r.out().indexOf("\nDISK\n"));
        // a plain QEMU guest reads the QEMU option first; a Proxmox one (TextReportPlatformTest) its qm line
        // what was judged comes first, as a short inventory
        assertThat(r.out().indexOf("\nDISKS\n")).isLessThan(r.out().indexOf("\nHYPERVISOR\n"));
        assertThat(r.out()).containsPattern("\\n  sda +- +64 MiB +ide \\(emulated\\)");
        // on a Proxmox VM the overview names each disk and NIC by its slot
        Cli.Run pve = Cli.run("diagnose", "--root", Cli.fixture("pve-i440fx").toString(), "--color", "never");
        assertThat(pve.out()).containsPattern("\\n  sd[a-z] +scsi0 ").containsPattern("\\n  vda +virtio0 ").containsPattern("\\n  \\S+ +net0 ");
    }

    @Test
    void skipAndCheckSelect() {
        Cli.Run r = Cli.run("diagnose", "--root", Cli.fixture("ide-piix").toString(), "--skip", "hypervisor,cpu-model", "--format", "json");
        assertThat(r.out()).doesNotContain("hypervisor.tcg").contains("disk.emulated-bus");
    }

    /** Every path of one tree given one by one is --root; the running kernel's /proc beside the live /sys and /dev is one machine. */
    @Test
    void pathFlagsOfOneMachineAreAccepted() {
        String snap = Cli.fixture("ide-piix").toString();
        Cli.Run byRoot = Cli.run("diagnose", "--root", snap, "--format", "json");
        Cli.Run byPaths = Cli.run("diagnose", "--path.procfs", snap + "/proc", "--path.sysfs", snap + "/sys", "--path.rootfs", snap,
                "--path.devfs", snap + "/dev", "--format", "json");
        assertThat(byPaths.exitCode()).as(byPaths.err()).isEqualTo(byRoot.exitCode()).isNotEqualTo(3);
        assertThat(findingsOf(byPaths.out())).isEqualTo(findingsOf(byRoot.out()));
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")));
        Cli.Run live = Cli.run("diagnose", "--path.procfs", "/proc", "--check", "cpu-model");
        assertThat(live.exitCode()).as(live.err()).isNotEqualTo(3);
    }

    private static String findingsOf(String json) {
        // the top-level keys, at two spaces (the checks list has "findings" counts of its own)
        return json.substring(json.indexOf("\n  \"findings\" :"), json.indexOf("\n  \"guestdiag\" :"));
    }

    @Test
    void misuseIsUnknownWithAMessage() {
        Cli.Run bad = Cli.run("diagnose", "--no-such-flag");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).contains("--no-such-flag");
        Cli.Run unknownCheck = Cli.run("diagnose", "--check", "nonsense");
        assertThat(unknownCheck.exitCode()).isEqualTo(3);
        assertThat(unknownCheck.err()).contains("unknown check 'nonsense'").contains("cpu-model");
        assertThat(Cli.run("diagnose", "--timeout", "soon").exitCode()).isEqualTo(3);
        assertThat(Cli.run().exitCode()).isEqualTo(3);
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(3);
    }

    @Test
    void cdsTrainingRendersEveryFormatAndPrintsNothing() {
        Cli.Run r = Cli.run("diagnose", "--cds-training", "--root", Cli.fixture("ide-piix").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(Cli.run("diagnose", "--help").out()).as("a hidden option").doesNotContain("cds-training");
    }

    /** The repository's launcher, as the README runs it: its archive training and JVM logging never reach stdout. */
    @Test
    void launcherOutputIsTheReportAlone() throws Exception {
        java.nio.file.Path launcher = java.nio.file.Path.of("bin/agent").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("target/guestdiag-agent.jar")),
                "the shaded jar is built by mvn package, after the unit tests");
        Process p = new ProcessBuilder(launcher.toString(), "diagnose", "--root", Cli.fixture("ide-piix").toString(), "--format", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(org.guestdiag.render.Json.MAPPER.readTree(out).get("status").asText()).isEqualTo("critical");
    }

    /** Firmware and disk strings are bytes: an ESC or 0x1C from DMI or a disk model never reaches the terminal or a label raw. */
    @Test
    void controlBytesInKernelStringsAreEscaped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path root = dir.resolve("ide-piix");
        assertThat(new ProcessBuilder("cp", "-a", Cli.fixture("ide-piix").toString(), root.toString()).start().waitFor()).isZero();
        java.nio.file.Path dmi = root.resolve("sys/class/dmi/id");
        java.nio.file.Files.writeString(dmi.resolve("product_version"), "pc-i440fx-\u001c7.2\n");
        java.nio.file.Files.writeString(dmi.resolve("product_name"), "Standard PC\u001b[2J\u001b]0;pwned\u0007 (i440FX)\n");
        java.nio.file.Path model = root.resolve("sys/block/sda").toRealPath().resolve("../../model").normalize();
        java.nio.file.Files.writeString(model, "QEMU\u001b[31m HARDDISK\n");
        Cli.Run text = Cli.run("diagnose", "--root", root.toString(), "--color", "always");
        assertThat(text.out()).contains("\\x1C").doesNotContain("\u001c", "\u0007", "\u001b[2J", "\u001b[31m", "\u001b]0");
        Cli.Run prom = Cli.run("diagnose", "--root", root.toString(), "--format", "prometheus");
        assertThat(prom.out()).contains("model=\"QEMU\\\\x1B[31m HARDDISK\"").doesNotContain("\u001b", "\u001c");
    }
}
