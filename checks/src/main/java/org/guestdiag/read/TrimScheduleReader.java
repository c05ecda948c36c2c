package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.host.Root;
import org.guestdiag.model.TrimSchedule;

/**
 * Whether the guest trims on a schedule: the enabled fstrim.timer of util-linux ({@code systemctl enable}
 * links it under /etc/systemd/system), or a cron job (older Ubuntu). Where none of these directories exist,
 * the schedule is unknown, not absent.
 */
public final class TrimScheduleReader implements Source<TrimSchedule> {
    static final List<String> PLACES = List.of(
            "etc/systemd/system/timers.target.wants/fstrim.timer",
            "etc/cron.weekly/fstrim",
            "etc/cron.d/fstrim");
    /** Where the places above live: systemd's unit directories and cron's. */
    static final List<String> DIRECTORIES = List.of("etc/systemd/system", "etc/cron.weekly", "etc/cron.d");

    @Override
    public String name() {
        return "trim-schedule";
    }

    @Override
    public TrimSchedule read(Root root, Problems problems) {
        List<String> found = new ArrayList<>();
        for (String p : PLACES) {
            if (root.exists(root.file(p))) found.add("/" + p);
        }
        List<String> dirs = new ArrayList<>();
        for (String d : DIRECTORIES) {
            if (root.isDirectory(root.file(d))) dirs.add("/" + d);
        }
        return new TrimSchedule(!found.isEmpty(), found, dirs);
    }
}
