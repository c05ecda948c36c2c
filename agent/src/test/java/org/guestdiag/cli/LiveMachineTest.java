package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/** The machine the tests run on: invariants only, cross-checked with OSHI where OSHI reads the same thing. */
class LiveMachineTest {
    @Test
    void diagnoseTellsTheTruthHere() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/cpuinfo")), "a Linux machine");
        Cli.Run r = Cli.run("diagnose", "--format", "json");
        assertThat(r.exitCode()).isBetween(0, 2);
        JsonNode j = Json.MAPPER.readTree(r.out());
        JsonNode cpu = j.at("/inventory/cpu/value");
        int oshiLogical = new SystemInfo().getHardware().getProcessor().getLogicalProcessorCount();
        assertThat(cpu.get("processors").asInt()).isEqualTo(oshiLogical);
        assertThat(cpu.get("model_name").asText()).isEqualTo(new SystemInfo().getHardware().getProcessor().getProcessorIdentifier().getName().strip());
        // every whole disk in /sys/block that is not a loop/ram/zram/dm/md device is listed, each with a bus
        long expected;
        try (var s = Files.list(Path.of("/sys/block"))) {
            expected = s.map(p -> p.getFileName().toString()).filter(n -> !n.matches("^(loop|ram|zram|dm-|md|sr|fd|nbd|nullb|rbd|pmem).*")).count();
        }
        assertThat(j.at("/inventory/disks/value").size()).isEqualTo((int) expected);
        for (JsonNode d : j.at("/inventory/disks/value")) assertThat(d.get("bus").asText()).isNotEmpty();
        // under KVM the kernel registers kvm-clock: then this is no TCG guest
        String clocks = Files.exists(Path.of("/sys/devices/system/clocksource/clocksource0/available_clocksource"))
                ? Files.readString(Path.of("/sys/devices/system/clocksource/clocksource0/available_clocksource")) : "";
        if (clocks.contains("kvm-clock")) {
            assertThat(r.out()).doesNotContain("hypervisor.tcg");
        }
        for (JsonNode c : j.get("checks")) assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("ok");
    }
}
