package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.guestdiag.host.KmsgHeader;
import org.guestdiag.host.KmsgTail;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;
import org.junit.jupiter.api.Test;

/** A followed kmsg's records, batch by batch, against what a whole read of the buffer would give at each point. */
class KernelLogWindowTest {
    private final KernelLogWindow window = new KernelLogWindow();

    private static String rec(long seq, String message) {
        return "6," + seq + "," + seq * 1000 + ",-;" + message + "\n";
    }

    private static KmsgTail.Batch batch(boolean whole, long oldest, String... records) {
        return new KmsgTail.Batch(List.of(records), oldest < 0 ? OptionalLong.empty() : OptionalLong.of(oldest), whole);
    }

    /** What parsing the buffer's text whole gives: the reference the window must equal. */
    private static KernelLog whole(String... records) {
        return KernelLogReader.parse(String.join("", records), "/dev/kmsg");
    }

    private static List<String> messages(KernelLog log) {
        return log.records().stream().map(LogRecord::message).toList();
    }

    @Test
    void newRecordsAreAddedAndAnUnchangedBufferGivesTheSameLog() {
        String boot = "5,0,0,-;Linux version 6.1.0\n";
        KernelLog first = window.update(batch(true, 0, boot, rec(1, "Hypervisor detected: KVM") + " SUBSYSTEM=cpu\n"));
        assertThat(first).isEqualTo(whole(boot, rec(1, "Hypervisor detected: KVM") + " SUBSYSTEM=cpu\n"));
        assertThat(first.fromBoot()).isTrue();
        assertThat(window.update(batch(false, 0))).isSameAs(first);
        KernelLog second = window.update(batch(false, 0, rec(2, "BTRFS error (device vda): bdev /dev/vda errs: wr 1, rd 0, flush 0, corrupt 0, gen 0")));
        assertThat(second).isEqualTo(whole(boot, rec(1, "Hypervisor detected: KVM"), rec(2, "BTRFS error (device vda): bdev /dev/vda errs: wr 1, rd 0, flush 0, corrupt 0, gen 0")));
    }

    @Test
    void recordsTheBufferOverwroteAreDropped() {
        window.update(batch(true, 0, "5,0,0,-;Linux version 6.1.0\n", rec(1, "a"), rec(2, "b")));
        KernelLog log = window.update(batch(false, 2, rec(3, "c"), rec(4, "d")));
        assertThat(messages(log)).containsExactly("b", "c", "d");
        assertThat(log.fromBoot()).isFalse(); // the boot's first line is gone, as it would be from a whole read
        assertThat(log).isEqualTo(whole(rec(2, "b"), rec(3, "c"), rec(4, "d")));
    }

    /** Records lost before the tail read them (EPIPE) leave a gap; the ones read are still in order. */
    @Test
    void aGapInSequenceNumbersIsKeptAsRead() {
        window.update(batch(true, 5, rec(5, "e")));
        assertThat(messages(window.update(batch(false, 9, rec(9, "i"), rec(10, "j"))))).containsExactly("i", "j");
    }

    @Test
    void aWholeBatchReplacesWhatWasHeld() {
        window.update(batch(true, 0, rec(0, "a"), rec(1, "b")));
        assertThat(messages(window.update(batch(true, 1, rec(1, "b"), rec(2, "c"))))).containsExactly("b", "c");
    }

    @Test
    void aRecordSeenTwiceOrWithoutASequenceNumberIsNotAddedAgain() {
        window.update(batch(true, 0, rec(0, "a"), rec(1, "b")));
        assertThat(messages(window.update(batch(false, 0, rec(1, "b"), "garbage\n", rec(2, "c"))))).containsExactly("a", "b", "c");
    }

    @Test
    void anEmptyBufferIsAnEmptyLog() {
        assertThat(window.update(batch(true, -1))).isEqualTo(new KernelLog(List.of(), false));
    }

    @Test
    void theSequenceNumberIsTheSecondField() {
        assertThat(KmsgHeader.sequence("6,1234,99,-;x")).isEqualTo(1234);
        assertThat(KmsgHeader.sequence("6,,99,-;x")).isEqualTo(-1);
        assertThat(KmsgHeader.sequence("[ 1.0] x")).isEqualTo(-1);
        assertThat(KmsgHeader.sequence("6,12a,99")).isEqualTo(-1);
    }
}
