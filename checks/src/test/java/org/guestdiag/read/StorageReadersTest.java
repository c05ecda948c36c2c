package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.model.DiskState;
import org.guestdiag.model.StorageFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageReadersTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0x0, 0", "0x2a, 42", "0xffffffffffffffff, -1", "17, 17"})
    void scsiCountersAreHex(String text, long value) {
        assertThat(Attributes.parseHex(text, "ioerr_cnt")).isEqualTo(OptionalLong.of(value));
    }

    @Test
    void aGarbledCounterNamesItsFile() {
        assertThatThrownBy(() -> Attributes.parseHex("0xzz", "/sys/block/sdb/device/ioerr_cnt"))
                .isInstanceOf(ReadException.class).hasMessageStartingWith("/sys/block/sdb/device/ioerr_cnt: ");
    }

    @Test
    void everyFilesystemFindsTheDisksUnderIt() throws IOException {
        // ext4 on dm-0 (flakey) over vdb; XFS on vdc1; the modules' own directories (features, stats) are not filesystems
        write("sys/devices/virtual/block/dm-0/dev", "254:0");
        link("sys/devices/virtual/block/dm-0/slaves/vdb", "../../../../pci0000:00/0000:00:05.0/virtio3/block/vdb");
        write("sys/devices/pci0000:00/0000:00:05.0/virtio3/block/vdb/dev", "252:16");
        write("sys/devices/pci0000:00/0000:00:06.0/virtio4/block/vdc/vdc1/partition", "1");
        write("sys/devices/pci0000:00/0000:00:06.0/virtio4/block/vdc/vdc1/dev", "252:33");
        link("sys/class/block/dm-0", "../../devices/virtual/block/dm-0");
        link("sys/class/block/vdb", "../../devices/pci0000:00/0000:00:05.0/virtio3/block/vdb");
        link("sys/class/block/vdc1", "../../devices/pci0000:00/0000:00:06.0/virtio4/block/vdc/vdc1");
        write("sys/fs/ext4/dm-0/errors_count", "0");
        write("sys/fs/ext4/dm-0/first_error_time", "0");
        write("sys/fs/ext4/dm-0/last_error_time", "0");
        write("sys/fs/ext4/features/lazy_itable_init", "supported");
        write("sys/fs/xfs/vdc1/log/log_head_lsn", "1:2");
        write("sys/fs/xfs/stats/stats", "extent_alloc 0 0 0 0");
        Problems problems = new Problems();
        List<StorageFilesystem> fs = new FilesystemReader().read(Root.of(tmp), problems);
        assertThat(problems.list()).isEmpty();
        assertThat(fs).extracting(StorageFilesystem::device, StorageFilesystem::fsType, StorageFilesystem::disks)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dm-0", "ext4", List.of("vdb")),
                        org.assertj.core.groups.Tuple.tuple("vdc1", "xfs", List.of("vdc")));
        assertThat(fs.get(0).devNumber()).hasValue("254:0");
        assertThat(fs.get(0).errorCount()).hasValue(0);
        // before 5.6 only the times: absent, never zero
        assertThat(fs.get(0).lastError().orElseThrow().function()).isEmpty();
        assertThat(fs.get(0).lastError().orElseThrow().recorded()).isFalse();
        assertThat(fs.get(1).errorCount()).isEmpty();
    }

    @Test
    void virtioBlkHasNoStateAndNoCounters() throws IOException {
        write("sys/devices/pci0000:00/0000:00:05.0/virtio3/block/vda/dev", "252:0");
        link("sys/block/vda", "../devices/pci0000:00/0000:00:05.0/virtio3/block/vda");
        link("sys/devices/pci0000:00/0000:00:05.0/virtio3/block/vda/device", "../../../virtio3");
        write("sys/devices/pci0000:00/0000:00:05.0/virtio3/status", "0x0000000f");
        List<DiskState> s = new DiskStateReader().read(Root.of(tmp), new Problems());
        assertThat(s).singleElement().satisfies(d -> {
            assertThat(d.state()).isEmpty();
            assertThat(d.ioErrors()).isEmpty();
            assertThat(d.working()).isTrue();
        });
    }

    @Test
    void anNvmeDiskUnderMultipathTakesItsControllersState() throws IOException {
        // nvme_core.multipath: /sys/block/nvme0n1/device is the subsystem, whose controllers carry the state
        write("sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1/dev", "259:0");
        link("sys/block/nvme0n1", "../devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1");
        link("sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1/device", "../../nvme-subsys0");
        write("sys/devices/pci0000:00/0000:00:04.0/nvme/nvme0/state", "dead");
        link("sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0", "../../../pci0000:00/0000:00:04.0/nvme/nvme0");
        write("sys/devices/virtual/nvme-subsystem/nvme-subsys0/subsysnqn", "nqn.2019-08.org.qemu:lab");
        List<DiskState> s = new DiskStateReader().read(Root.of(tmp), new Problems());
        assertThat(s).singleElement().satisfies(d -> {
            assertThat(d.state()).hasValue("dead");
            assertThat(d.working()).isFalse();
        });
        // a second controller still live: the disk still has a path
        write("sys/devices/pci0000:00/0000:00:05.0/nvme/nvme1/state", "live");
        link("sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme1", "../../../pci0000:00/0000:00:05.0/nvme/nvme1");
        assertThat(new DiskStateReader().read(Root.of(tmp), new Problems())).singleElement().satisfies(d -> assertThat(d.state()).hasValue("live"));
    }

    private void write(String rel, String content) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
    }

    private void link(String rel, String target) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }
}
