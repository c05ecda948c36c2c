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

    /** Dynamic sources (error counters, read-only state) are refreshed often; static ones rarely. */
    default boolean dynamic() {
        return false;
    }
}
