package org.guestdiag.model;

import java.util.List;

/**
 * The scrub records btrfs-progs keeps under {@code /var/lib/btrfs}. Without that directory nothing can be said
 * of any filesystem's scrubs (btrfs-progs creates it at its first scrub; a scrub by another tool, or a root
 * whose /var is elsewhere, leaves none): "never scrubbed" needs the directory present and no record in it.
 *
 * @param directory whether {@code /var/lib/btrfs} exists
 */
public record ScrubRecords(boolean directory, List<ScrubStatus> statuses) {
    public ScrubRecords {
        statuses = List.copyOf(statuses);
    }
}
