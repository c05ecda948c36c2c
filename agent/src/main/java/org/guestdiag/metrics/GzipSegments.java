package org.guestdiag.metrics;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body assembled from pieces compressed separately, so that the inventory's families, which change
 * only with a new diagnosis, are compressed once and not on every scrape (at 256 disks compressing the
 * whole exposition was most of a scrape's CPU).
 *
 * <p>Each piece is raw deflate ending in a full flush: byte-aligned, no reference to earlier data, and
 * therefore a valid continuation of any deflate stream (RFC 1951). The body is one ordinary gzip member
 * (RFC 1952): header, the pieces in order, an empty final block, then CRC-32 and length of the whole. One
 * member, not concatenated members: every client inflates it, including those that stop at the first member.
 */
public final class GzipSegments {
    /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unknown: no name, no time, so equal content gives equal bytes. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block: an empty last block closes the stream. */
    private static final byte[] LAST_BLOCK = {3, 0};
    /**
     * Deflaters hold ~256 KiB of native memory each: two per level are kept for the scrape threads, never
     * one per thread. Per level, because a level changed on a used Deflater takes effect mid-stream.
     */
    private static final Map<Integer, ArrayBlockingQueue<Deflater>> POOLS = new ConcurrentHashMap<>();

    private GzipSegments() {
    }

    /** Plain bytes and their deflated form. */
    public record Segment(byte[] plain, byte[] deflated) {
    }

    /** Compresses one piece; {@code level} as {@link Deflater}: the cached pieces take the best ratio once, the live ones speed. */
    public static Segment segment(byte[] plain, int level) {
        ArrayBlockingQueue<Deflater> pool = POOLS.computeIfAbsent(level, l -> new ArrayBlockingQueue<>(2));
        Deflater d = pool.poll();
        if (d == null) d = new Deflater(level, true);
        try {
            d.setInput(plain);
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
            byte[] buf = new byte[Math.max(512, Math.min(plain.length / 2 + 64, 64 * 1024))];
            int n;
            // done when all input is taken and the flush fitted: a full buffer means more is pending (Deflater#deflate)
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length || !d.needsInput());
            return new Segment(plain, out.toByteArray());
        } finally {
            d.reset();
            if (!pool.offer(d)) d.end();
        }
    }

    /** The gzip member of the segments in order. */
    public static byte[] gzip(List<Segment> segments) {
        CRC32 crc = new CRC32();
        long length = 0;
        int size = HEADER.length + LAST_BLOCK.length + 8;
        for (Segment s : segments) {
            crc.update(s.plain());
            length += s.plain().length;
            size += s.deflated().length;
        }
        byte[] out = new byte[size];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int at = HEADER.length;
        for (Segment s : segments) {
            System.arraycopy(s.deflated(), 0, out, at, s.deflated().length);
            at += s.deflated().length;
        }
        System.arraycopy(LAST_BLOCK, 0, out, at, LAST_BLOCK.length);
        at += LAST_BLOCK.length;
        at = littleEndian(out, at, crc.getValue());
        littleEndian(out, at, length); // ISIZE: the length modulo 2^32
        return out;
    }

    /** The plain concatenation of the segments. */
    public static byte[] plain(List<Segment> segments) {
        int size = 0;
        for (Segment s : segments) size += s.plain().length;
        byte[] out = new byte[size];
        int at = 0;
        for (Segment s : segments) {
            System.arraycopy(s.plain(), 0, out, at, s.plain().length);
            at += s.plain().length;
        }
        return out;
    }

    private static int littleEndian(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
        return at + 4;
    }
}
