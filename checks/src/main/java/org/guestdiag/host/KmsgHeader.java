package org.guestdiag.host;

/**
 * The leading fields of a /dev/kmsg record, {@code prio,seq,usec,flags[,…];message} (the kernel's dev-kmsg ABI),
 * scanned by hand in one place: for the tail, which needs the sequence number of the oldest record kept, and for the
 * kernel-log reader, which parses every record.
 */
public final class KmsgHeader {
    private KmsgHeader() { }

    /** The index of the comma that ends the sequence number ({@code prio,seq,}); -1 when the line does not start so. */
    public static int sequenceEnd(String line) {
        int prioEnd = digits(line, 0, 4);
        if (prioEnd < 0 || prioEnd >= line.length() || line.charAt(prioEnd) != ',') return -1;
        int seqEnd = digits(line, prioEnd + 1, 20);
        return seqEnd < 0 || seqEnd >= line.length() || line.charAt(seqEnd) != ',' ? -1 : seqEnd;
    }

    /** The record's sequence number, the second field; -1 when there is none or it does not fit a long. */
    public static long sequence(String line) {
        int end = sequenceEnd(line);
        if (end < 0) return -1;
        int start = line.indexOf(',') + 1;
        return end - start <= 18 ? Long.parseLong(line, start, end, 10) : -1;
    }

    /** The end of 1 to {@code max} ASCII digits starting at {@code from}; -1 when there are none or more. */
    public static int digits(String s, int from, int max) {
        int i = from;
        while (i < s.length() && i - from < max + 1 && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        int n = i - from;
        return n >= 1 && n <= max ? i : -1;
    }
}
