package org.guestdiag.model;

import java.util.List;

/** Whether something runs fstrim on a schedule: the systemd timer enabled, or a cron job. {@code evidence} lists the paths found. */
public record TrimSchedule(boolean scheduled, List<String> evidence) {
    public TrimSchedule {
        evidence = List.copyOf(evidence);
    }
}
