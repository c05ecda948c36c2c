package org.guestdiag.read.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.host.Root;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.model.SmartDisk.Reason;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartReaderTest {
    @Test
    void aSnapshotHasNoDeviceNodes() {
        List<SmartDisk> disks = Fixtures.read("virtio-scsi-shared", Sources.SMART);
        assertThat(disks).extracting(SmartDisk::name).containsExactly("sda", "sdb");
        assertThat(disks).allSatisfy(d -> {
            assertThat(d.device()).isEqualTo("/dev/" + d.name());
            assertThat(d.answer()).isInstanceOfSatisfying(SmartDisk.Unavailable.class, u -> {
                assertThat(u.reason()).isEqualTo(Reason.NO_DEVICE_NODE);
                assertThat(u.detail()).contains("no /dev/" + d.name() + " under this root");
            });
            assertThat(d.transcript()).isEmpty();
        });
    }

    @Test
    void aRegularFileWhereTheNodeBelongsIsNotOpened(@TempDir Path tmp) throws Exception {
        Path copy = Fixtures.copy("virtio-blk", tmp);
        Files.createDirectories(copy.resolve("dev"));
        Files.write(copy.resolve("dev/vda"), new byte[512]);
        List<SmartDisk> disks = Sources.SMART.read(Root.of(copy), new Problems());
        assertThat(disks).singleElement().satisfies(d -> assertThat(d.answer())
                .isInstanceOfSatisfying(SmartDisk.Unavailable.class, u -> assertThat(u.detail()).contains("/dev/vda is not a block device")));
        assertThat(Files.readAllBytes(copy.resolve("dev/vda"))).containsOnly(0);
    }
}
