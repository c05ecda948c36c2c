package org.guestdiag.expose;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label maps in the order written, so the exposition reads the same on every scrape. */
final class Labels {
    private Labels() { }

    static Map<String, String> of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("labels come in key/value pairs");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    static double bool(boolean b) {
        return b ? 1 : 0;
    }
}
