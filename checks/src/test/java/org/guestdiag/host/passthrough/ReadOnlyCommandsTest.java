package org.guestdiag.host.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.guestdiag.host.passthrough.Command.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Nothing but the whitelisted read-only commands can reach the ioctl. */
class ReadOnlyCommandsTest {
    private static final Duration T = Duration.ofSeconds(3);

    /** ATA PASS-THROUGH(16) with the given protocol, T_DIR, FEATURE, LBA mid/high and command (SAT-3 table 139). */
    static Command.Scsi ata16(String name, int protocol, boolean fromDevice, int feature, int mid, int high, int command, Direction dir, int len) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x85;
        cdb[1] = (byte) (protocol << 1);
        cdb[2] = (byte) (fromDevice ? 0x0e : 0x20);
        cdb[4] = (byte) feature;
        cdb[6] = 1;
        cdb[10] = (byte) mid;
        cdb[12] = (byte) high;
        cdb[14] = (byte) command;
        return new Command.Scsi(name, cdb, dir, len, T);
    }

    static Stream<Command> forbidden() {
        return Stream.of(
                new Command.Scsi("WRITE(10)", new byte[] {0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0}, Direction.TO_DEVICE, 512, T),
                // a write CDB that lies about its direction is still a write
                new Command.Scsi("WRITE(10) claimed data-in", new byte[] {0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0}, Direction.FROM_DEVICE, 512, T),
                new Command.Scsi("WRITE SAME(16)", new byte[] {(byte) 0x93, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, Direction.NONE, 0, T),
                new Command.Scsi("UNMAP", new byte[] {0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0}, Direction.TO_DEVICE, 24, T),
                new Command.Scsi("MODE SELECT(6)", new byte[] {0x15, 0x10, 0, 0, 24, 0}, Direction.TO_DEVICE, 24, T),
                new Command.Scsi("LOG SELECT (reset counters)", new byte[] {0x4c, 0x02, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0}, Direction.NONE, 0, T),
                new Command.Scsi("LOG SENSE with SP=1", new byte[] {0x4d, 0x01, 0x6f, 0, 0, 0, 0, 0x10, 0, 0}, Direction.FROM_DEVICE, 4096, T),
                new Command.Scsi("FORMAT UNIT", new byte[] {0x04, 0, 0, 0, 0, 0}, Direction.NONE, 0, T),
                new Command.Scsi("SANITIZE", new byte[] {0x48, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}, Direction.NONE, 0, T),
                new Command.Scsi("ATA PASS-THROUGH(12)", new byte[] {(byte) 0xa1, 0x08, 0x0e, 0, 1, 0, 0, 0, 0, (byte) 0xec, 0, 0}, Direction.FROM_DEVICE, 512, T),
                new Command.Scsi("INQUIRY with a 10-byte CDB", new byte[] {0x12, 0, 0, 0, 96, 0, 0, 0, 0, 0}, Direction.FROM_DEVICE, 96, T),
                ata16("SMART ENABLE OPERATIONS", 3, false, 0xd8, 0x4f, 0xc2, 0xb0, Direction.NONE, 0),
                ata16("SMART DISABLE OPERATIONS", 3, false, 0xd9, 0x4f, 0xc2, 0xb0, Direction.NONE, 0),
                ata16("SMART EXECUTE OFF-LINE IMMEDIATE", 3, false, 0xd4, 0x4f, 0xc2, 0xb0, Direction.NONE, 0),
                ata16("SMART WRITE LOG", 5, false, 0xd6, 0x4f, 0xc2, 0xb0, Direction.TO_DEVICE, 512),
                ata16("SMART ENABLE/DISABLE ATTRIBUTE AUTOSAVE", 3, false, 0xd2, 0x4f, 0xc2, 0xb0, Direction.NONE, 0),
                ata16("SMART READ DATA without signature", 4, true, 0xd0, 0, 0, 0xb0, Direction.FROM_DEVICE, 512),
                ata16("SMART READ DATA as non-data", 3, false, 0xd0, 0x4f, 0xc2, 0xb0, Direction.NONE, 0),
                ata16("IDENTIFY DEVICE as PIO data-out", 5, false, 0, 0, 0, 0xec, Direction.FROM_DEVICE, 512),
                ata16("SECURITY SET PASSWORD", 5, false, 0, 0, 0, 0xf1, Direction.TO_DEVICE, 512),
                ata16("SECURITY ERASE UNIT", 5, false, 0, 0, 0, 0xf4, Direction.FROM_DEVICE, 512),
                ata16("SECURITY FREEZE LOCK", 3, false, 0, 0, 0, 0xf5, Direction.NONE, 0),
                ata16("WRITE SECTORS", 5, false, 0, 0, 0, 0x30, Direction.FROM_DEVICE, 512),
                ata16("DOWNLOAD MICROCODE", 5, false, 0x07, 0, 0, 0x92, Direction.FROM_DEVICE, 512),
                ata16("SET FEATURES (write cache)", 3, false, 0x02, 0, 0, 0xef, Direction.NONE, 0),
                ata16("DATA SET MANAGEMENT (TRIM)", 6, false, 1, 0, 0, 0x06, Direction.FROM_DEVICE, 512),
                new Command.NvmeAdmin("NVMe Format NVM", 0x80, 1, 0, 0, 512, T),
                new Command.NvmeAdmin("NVMe Sanitize", 0x84, 0, 1, 0, 512, T),
                new Command.NvmeAdmin("NVMe Set Features", 0x09, 0, 0x06, 0, 512, T),
                new Command.NvmeAdmin("NVMe Firmware Commit", 0x10, 0, 0, 0, 512, T),
                new Command.NvmeAdmin("NVMe Namespace Management", 0x0d, 0, 0, 0, 512, T),
                new Command.NvmeAdmin("NVMe Get Log Page 0x02 without RAE", 0x02, 0xffffffff, (127 << 16) | 0x02, 0, 512, T),
                new Command.NvmeAdmin("NVMe Get Log Page 0x03 (not listed)", 0x02, 0xffffffff, (127 << 16) | 0x8000 | 0x03, 0, 512, T),
                // a whitelisted command without a time bound could hang the reader for good
                new Command.Scsi("INQUIRY without timeout", new byte[] {0x12, 0, 0, 0, 96, 0}, Direction.FROM_DEVICE, 96, Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void refused(Command c) {
        assertThat(ReadOnlyCommands.refusal(c)).as(c.name()).isPresent();
        assertThatThrownBy(() -> ReadOnlyCommands.require(c)).isInstanceOf(RefusedCommand.class);
    }

    @Test
    void theReadOnlyOnesPass() {
        assertThat(ReadOnlyCommands.refusal(new Command.Scsi("INQUIRY", new byte[] {0x12, 0, 0, 0, 96, 0}, Direction.FROM_DEVICE, 96, T))).isEmpty();
        assertThat(ReadOnlyCommands.refusal(ata16("SMART READ DATA", 4, true, 0xd0, 0x4f, 0xc2, 0xb0, Direction.FROM_DEVICE, 512))).isEmpty();
        assertThat(ReadOnlyCommands.refusal(ata16("SMART RETURN STATUS", 3, false, 0xda, 0x4f, 0xc2, 0xb0, Direction.NONE, 0))).isEmpty();
    }

    /**
     * The refusal happens before the ioctl: on a regular file every ioctl fails with ENOTTY, so a command
     * that got as far as the ioctl comes back NOT_SUPPORTED, while a refused one throws without trying.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void refusedBeforeTheIoctl(Command c, @TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("not-a-disk"), new byte[4096]);
        DevicePassthrough.Opened o = DevicePassthrough.open(file, "not-a-disk");
        assertThat(o.failure()).isNull();
        try (DevicePassthrough dev = o.device()) {
            assertThatThrownBy(() -> dev.send(c)).isInstanceOf(RefusedCommand.class).hasMessageContaining(c.name());
            Answer allowed = dev.send(new Command.Scsi("INQUIRY", new byte[] {0x12, 0, 0, 0, 96, 0}, Direction.FROM_DEVICE, 96, T));
            assertThat(allowed).isInstanceOfSatisfying(Answer.Failed.class, f -> assertThat(f.failure()).isEqualTo(Answer.Failure.NOT_SUPPORTED));
        }
        assertThat(Files.readAllBytes(file)).containsOnly(0);
    }

    @Test
    void structuresHaveTheKernelsSizes() {
        // sizeof(sg_io_hdr_t) and sizeof(struct nvme_passthru_cmd) on LP64 (x86-64, arm64)
        assertThat(DevicePassthrough.structSizes()).containsExactly(88, 72);
    }

    @Test
    void theDescriptorSaysWhetherABlockDeviceWasOpened(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("sda"), new byte[512]);
        try (DevicePassthrough dev = DevicePassthrough.open(file, "sda").device()) {
            assertThat(dev.blockDevice()).isFalse();
        }
        // a disk of this machine, where it may be opened (root, or the disk group)
        try (var disks = Files.list(Path.of("/sys/block"))) {
            for (Path d : disks.toList()) {
                Path node = Path.of("/dev", d.getFileName().toString());
                if (!Files.isReadable(node)) continue;
                DevicePassthrough.Opened o = DevicePassthrough.open(node, node.toString());
                if (o.device() == null) continue;
                try (DevicePassthrough dev = o.device()) {
                    assertThat(dev.blockDevice()).as(node.toString()).isTrue();
                }
            }
        }
    }

    @Test
    void aMissingNodeIsAFailureNotAnException(@TempDir Path dir) {
        DevicePassthrough.Opened o = DevicePassthrough.open(dir.resolve("sdz"), "/dev/sdz");
        assertThat(o.device()).isNull();
        assertThat(o.failure().failure()).isEqualTo(Answer.Failure.ERROR);
    }
}
