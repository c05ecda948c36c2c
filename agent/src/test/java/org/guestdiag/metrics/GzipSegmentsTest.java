package org.guestdiag.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipSegmentsTest {
    @Test
    void segmentsCompressedApartInflateToTheirConcatenation() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<GzipSegments.Segment> segments = new ArrayList<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) segments.add(GzipSegments.segment(sample(random), random.nextBoolean() ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION));
            byte[] plain = GzipSegments.plain(segments);
            byte[] gz = GzipSegments.gzip(segments);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                assertThat(in.readAllBytes()).as("round %d, %d segments", round, n).isEqualTo(plain);
            }
        }
    }

    @Test
    void aRepeatedExpositionCompressesAsWellAsOneStream() {
        byte[] family = "guestdiag_disk_info{device=\"vda\",driver=\"virtio_blk\",bus=\"virtio\"} 1.0\n".repeat(300).getBytes(StandardCharsets.UTF_8);
        byte[] gz = GzipSegments.gzip(List.of(GzipSegments.segment(family, Deflater.DEFAULT_COMPRESSION)));
        assertThat(gz.length).isLessThan(family.length / 20);
    }

    /** zlib's gzip, not Java's reader: the body a scraper's own library will see. */
    @Test
    void theSystemGzipAcceptsTheBody(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        List<GzipSegments.Segment> segments = new ArrayList<>();
        for (int i = 0; i < 5; i++) segments.add(GzipSegments.segment(sample(random), Deflater.BEST_SPEED));
        Path file = dir.resolve("metrics.gz");
        Files.write(file, GzipSegments.gzip(segments));
        Process p = new ProcessBuilder("gzip", "-t", "-v", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("gzip -t: %s", out).isZero();
        Process cat = new ProcessBuilder("gzip", "-dc", file.toString()).start();
        assertThat(cat.getInputStream().readAllBytes()).isEqualTo(GzipSegments.plain(segments));
    }

    private static byte[] sample(Random random) {
        int kind = random.nextInt(3);
        int size = random.nextInt(kind == 0 ? 10 : 200_000);
        byte[] b = new byte[size];
        if (kind == 1) {
            random.nextBytes(b); // incompressible: stored blocks inside the flushed piece
        } else {
            for (int i = 0; i < size; i++) b[i] = (byte) ("abc_{}=\"0.\n".charAt(random.nextInt(11)));
        }
        return b;
    }
}
