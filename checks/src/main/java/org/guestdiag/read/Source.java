package org.guestdiag.read;

import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;

/**
 * One kernel source turned into a record: {@code /proc/cpuinfo} into a Cpu, {@code /sys/block} into Disks.
 * A source knows nothing of advice or metrics. Its name is stable: it keys the inventory in JSON and
 * names the source in stuck/failed reports.
 *
 * @param <T> the record it produces
 */
public interface Source<T> {
    String name();

    /**
     * Reads the source. Throws {@link ReadException} when the source as a whole cannot be read; trouble
     * with one item among many (one disk's attribute) goes to {@code problems} and the rest is returned.
     */
    T read(Root root, Problems problems);

    /**
     * Reads again between full reads: what moves is read, what does not may be kept from {@code previous},
     * the value of an earlier read under the same root that had no problems. The next full read
     * ({@link #read}) reads everything again. By default everything is read again here too.
     */
    default T reread(Root root, Problems problems, T previous) {
        return read(root, problems);
    }

    /** Dynamic sources (error counters, read-only state) are refreshed often; static ones rarely. */
    default boolean dynamic() {
        return false;
    }
}
