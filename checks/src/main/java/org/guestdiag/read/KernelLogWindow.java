package org.guestdiag.read;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.guestdiag.host.KmsgHeader;
import org.guestdiag.host.KmsgTail;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.LogRecord;

/**
 * The records a followed kmsg device has shown that its ring buffer still holds, each parsed once: batches
 * from {@link KmsgTail} come in, records the buffer has overwritten go out. An unchanged window gives the
 * very same {@link KernelLog} again, so a refresh tells it unchanged by identity.
 */
final class KernelLogWindow {
    private record Entry(long seq, LogRecord record) { }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private KernelLog log;

    synchronized KernelLog update(KmsgTail.Batch batch) {
        boolean changed = log == null;
        if (batch.whole() && !entries.isEmpty()) {
            entries.clear(); // the tail opened again: the batch holds the whole buffer
            changed = true;
        }
        for (String raw : batch.records()) {
            int eol = raw.indexOf('\n');
            String first = eol < 0 ? raw : raw.substring(0, eol); // continuation lines (KEY=value) are not kept
            long seq = KmsgHeader.sequence(first);
            if (seq < 0 || (!entries.isEmpty() && seq <= entries.peekLast().seq())) continue;
            LogRecord r = KernelLogReader.record(first);
            if (r == null) continue;
            entries.addLast(new Entry(seq, r));
            changed = true;
        }
        long oldest = batch.oldest().orElse(Long.MAX_VALUE); // an empty buffer holds nothing
        while (!entries.isEmpty() && entries.peekFirst().seq() < oldest) {
            entries.removeFirst();
            changed = true;
        }
        if (changed) {
            List<LogRecord> records = new ArrayList<>(entries.size());
            for (Entry e : entries) records.add(e.record());
            log = KernelLogReader.log(records);
        }
        return log;
    }
}
