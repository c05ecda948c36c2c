package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.guestdiag.host.ReadException;

/** What a reader could not read while reading the rest: each becomes a finding naming the file. */
public final class Problems {
    private final List<ReadException> list = new ArrayList<>();

    public synchronized void add(ReadException e) {
        list.add(e);
    }

    public synchronized List<ReadException> list() {
        return List.copyOf(list);
    }

    /** Runs {@code read}; on a ReadException records it and returns {@code fallback}. */
    public <T> T guard(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ReadException e) {
            add(e);
            return fallback;
        }
    }
}
