package org.guestdiag.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.guestdiag.model.KernelLog;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Sources;
import org.junit.jupiter.api.Test;

/**
 * This machine's /dev/kmsg, followed: the log a refresh gets from the tail is the one a whole read of the
 * buffer gives at the same moment, and what the kernel logs later shows up in the next read.
 */
class KmsgTailTest {
    private static final Root LIVE = Root.live();

    private static KernelLog followed() {
        return (KernelLog) Sources.KERNEL_LOG.read(LIVE, new Problems());
    }

    /** The whole buffer read and parsed, as a snapshot's file is (a recording root is never followed). */
    private static KernelLog whole() {
        return (KernelLog) Sources.KERNEL_LOG.read(LIVE.recordingTo(new Recorder() {
            @Override
            public void file(Path p, byte[] content) { }

            @Override
            public void directory(Path p, java.util.List<String> entries) { }

            @Override
            public void symlink(Path link, String target) { }
        }), new Problems());
    }

    private static void assumeLiveKmsg() {
        assumeTrue(Kmsg.tailable(LIVE, Kmsg.kind(LIVE)) && Files.isReadable(Path.of("/dev/kmsg")), "needs a readable /dev/kmsg");
    }

    @Test
    void theFollowedLogIsTheWholeBuffer() {
        assumeLiveKmsg();
        // the kernel may log between the two reads: a few tries, and the tail read again in between
        boolean same = false;
        for (int i = 0; i < 5 && !same; i++) {
            KernelLog a = followed();
            same = a.equals(whole()) && followed() == a;
        }
        assertThat(same).as("the followed log equals a whole read, and is the same object while nothing is logged").isTrue();
        assertThat(followed().records()).isNotEmpty();
    }

    /** Needs root: writes one line of priority "info" to the kernel log, as logger --kmsg would. */
    @Test
    void whatTheKernelLogsNextIsInTheNextRead() throws Exception {
        assumeLiveKmsg();
        assumeTrue(Files.isWritable(Path.of("/dev/kmsg")), "needs a writable /dev/kmsg (root)");
        KernelLog before = followed();
        String mark = "guestdiag KmsgTailTest " + UUID.randomUUID();
        try (FileOutputStream out = new FileOutputStream("/dev/kmsg")) {
            out.write(("<14>" + mark + "\n").getBytes(StandardCharsets.UTF_8));
        }
        KernelLog after = followed();
        assertThat(after).isNotSameAs(before);
        assertThat(after.records().get(after.records().size() - 1).message()).endsWith(mark);
        assertThat(after.records()).containsAll(before.records().subList(before.records().size() / 2, before.records().size()));
    }
}
