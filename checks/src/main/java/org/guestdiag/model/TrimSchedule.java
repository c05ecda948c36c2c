package org.guestdiag.model;

import java.util.List;

/**
 * Whether something runs fstrim on a schedule: the systemd timer enabled, or a cron job.
 *
 * @param evidence    the paths found that schedule it
 * @param directories the unit and cron directories that exist, where such a schedule would be: none of them
 *                    (a minimal root, a container, a snapshot without /etc) leaves the schedule unknown
 */
public record TrimSchedule(boolean scheduled, List<String> evidence, List<String> directories) {
    public TrimSchedule {
        evidence = List.copyOf(evidence);
        directories = List.copyOf(directories);
    }

    /** Whether "not scheduled" can be said: a schedule was found, or a place that would hold one exists. */
    public boolean known() {
        return scheduled || !directories.isEmpty();
    }
}
