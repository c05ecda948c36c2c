package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.guestdiag.Fixtures;
import org.junit.jupiter.api.Test;

class QemuDevicesTest {
    private static Optional<String> read(Path f) {
        try {
            return Optional.of(Files.readString(f).strip().replaceFirst("^0x", ""));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    @Test
    void everyPciFunctionOfEveryRealGuestIsOneOfQemusModels() throws Exception {
        // the captures ran with no device passed through: every function, whatever its subsystem ids, is QEMU's
        List<String> seen = new ArrayList<>();
        for (String fixture : Fixtures.all()) {
            if (fixture.startsWith("host-")) continue; // physical machines (make-hosts.py): real boards, by design
            Path devices = Fixtures.path(fixture).resolve("sys/bus/pci/devices");
            if (!Files.isDirectory(devices)) continue;
            try (Stream<Path> fns = Files.list(devices)) {
                for (Path fn : fns.toList()) {
                    Optional<String> id = read(fn.resolve("vendor")).flatMap(v -> read(fn.resolve("device")).map(d -> v + ":" + d));
                    Optional<String> sub = read(fn.resolve("subsystem_vendor")).flatMap(v -> read(fn.resolve("subsystem_device")).map(d -> v + ":" + d));
                    if (id.isEmpty() || sub.isEmpty()) continue;
                    assertThat(QemuDevices.of(id, sub)).as(fixture + " " + fn.getFileName() + " " + id.get() + " sub " + sub.get())
                            .isEqualTo(QemuDevices.Origin.QEMU);
                    seen.add(id.get() + " " + sub.get());
                }
            }
        }
        // the models with subsystem ids of their own are among them, so the table is exercised on real data
        assertThat(seen).contains("1000:0012 0000:1000", "1000:0060 1000:1013", "15ad:07c0 15ad:07c0", "15ad:07b0 15ad:07b0",
                "8086:10d3 8086:0000", "8086:100e 1af4:1100", "8086:2922 1af4:1100");
    }

    @Test
    void realBoardsAreToldFromQemusModelsOfTheSameChip() {
        // same vendor:device as a QEMU model, the maker's subsystem: real hardware
        assertThat(QemuDevices.of(Optional.of("1000:0079"), Optional.of("1000:9260"))).isEqualTo(QemuDevices.Origin.PASSED_THROUGH);
        assertThat(QemuDevices.of(Optional.of("1000:0079"), Optional.of("1000:9261"))).isEqualTo(QemuDevices.Origin.QEMU);
        assertThat(QemuDevices.of(Optional.of("8086:10d3"), Optional.of("8086:0000"))).isEqualTo(QemuDevices.Origin.QEMU);
        assertThat(QemuDevices.of(Optional.of("8086:10d3"), Optional.of("8086:A01F"))).isEqualTo(QemuDevices.Origin.PASSED_THROUGH);
        // a chip QEMU has no model of (SAS3008, mpt3sas)
        assertThat(QemuDevices.of(Optional.of("1000:0097"), Optional.of("1000:30e0"))).isEqualTo(QemuDevices.Origin.PASSED_THROUGH);
        // Red Hat's vendor ids are QEMU's whatever the subsystem; nothing read tells nothing
        assertThat(QemuDevices.of(Optional.of("1b36:0010"), Optional.empty())).isEqualTo(QemuDevices.Origin.QEMU);
        assertThat(QemuDevices.of(Optional.of("1000:0060"), Optional.empty())).isEqualTo(QemuDevices.Origin.UNKNOWN);
        assertThat(QemuDevices.of(Optional.empty(), Optional.of("1af4:1100"))).isEqualTo(QemuDevices.Origin.UNKNOWN);
    }
}
