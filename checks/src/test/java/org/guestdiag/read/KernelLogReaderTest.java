package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.KernelLog;
import org.junit.jupiter.api.Test;

class KernelLogReaderTest {
    @Test
    void kmsgRecordsWithContinuationLines() {
        KernelLog log = KernelLogReader.parse("""
                5,0,0,-;Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)
                6,1,0,-;Hypervisor detected: KVM
                3,402,10127552,-;BTRFS error (device vda): bdev /dev/vda errs: wr 1, rd 0, flush 0, corrupt 0, gen 0
                 SUBSYSTEM=block
                 DEVICE=b254:0
                """, "/dev/kmsg");
        assertThat(log.records()).hasSize(3);
        assertThat(log.fromBoot()).isTrue();
        assertThat(log.records().get(2).priority()).hasValue(3);
        assertThat(log.records().get(2).seconds()).isEqualTo(10.127552);
        assertThat(log.records().get(2).message()).startsWith("BTRFS error (device vda)");
    }

    @Test
    void dmesgLinesAsCapturedByTheLab() {
        KernelLog log = KernelLogReader.parse("[    0.000000] Linux version 6.1\n[   10.186046] BTRFS info (device vda: state EA): forced readonly\n", "f");
        assertThat(log.records()).extracting(r -> r.message()).containsExactly("Linux version 6.1", "BTRFS info (device vda: state EA): forced readonly");
        assertThat(log.records().get(1).priority()).isEmpty();
    }

    @Test
    void escapedBytes() {
        assertThat(KernelLogReader.parse("6,1,5,-;a\\x09b\n", "f").records().get(0).message()).isEqualTo("a\tb");
    }

    @Test
    void emptyIsAnEmptyLogNotFromBoot() {
        KernelLog log = KernelLogReader.parse("", "f");
        assertThat(log.records()).isEmpty();
        assertThat(log.fromBoot()).isFalse();
    }

    @Test
    void logThatLostItsStartIsNotFromBoot() {
        assertThat(KernelLogReader.parse("6,900,5000000,-;eth0: link up\n", "f").fromBoot()).isFalse();
    }

    @Test
    void garbage() {
        assertThatThrownBy(() -> KernelLogReader.parse("\u0000\u0001\u0002 not a log\n", "/dev/kmsg"))
                .isInstanceOf(ReadException.class).hasMessageContaining("/dev/kmsg: line 1");
    }

    @Test
    void fixtureLogStartsAtBoot() {
        KernelLog log = Fixtures.read("btrfs-blkdebug-eio", Sources.KERNEL_LOG);
        assertThat(log.fromBoot()).isTrue();
        assertThat(log.records()).anyMatch(r -> r.message().contains("forced readonly"));
    }
}
