package org.guestdiag.check;

import java.util.List;
import org.guestdiag.read.Source;
import org.guestdiag.read.Inventory;

/**
 * One concern, judged from records only: a check does no I/O (all reading is done, under time bounds, by
 * the sources), so it cannot hang. Registered under a short stable name that is at once the CLI selector,
 * the {@code check} label and the JSON key.
 */
public interface Check {
    String name();

    /** The area the report groups it under: cpu, numa, disk, nic, btrfs, hypervisor. */
    String area();

    /** Sources this check cannot run without; when one failed or is stuck the check reports that instead. */
    List<Source<?>> requires();

    /** Sources it uses when they were read, and judges without otherwise. */
    default List<Source<?>> optional() {
        return List.of();
    }

    /**
     * Whether the verdict also depends on when the inventory was taken ({@link Inventory#takenAt()}), as an
     * age does. A check that says no is judged on its sources alone, so its verdict may be kept for as long
     * as they are unchanged; one that says yes is judged again on every inventory.
     */
    default boolean usesTime() {
        return false;
    }

    void run(Inventory inventory, Report out);
}
