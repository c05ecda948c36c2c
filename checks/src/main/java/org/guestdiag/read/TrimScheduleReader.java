package org.guestdiag.read;

import java.util.ArrayList;
import java.util.List;
import org.guestdiag.host.Root;
import org.guestdiag.model.TrimSchedule;

/** Whether the guest trims on a schedule: the enabled fstrim.timer of util-linux, or a cron job (older Ubuntu). */
public final class TrimScheduleReader implements Source<TrimSchedule> {
    static final List<String> PLACES = List.of(
            "etc/systemd/system/timers.target.wants/fstrim.timer",
            "etc/cron.weekly/fstrim",
            "etc/cron.d/fstrim");

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
        return new TrimSchedule(!found.isEmpty(), found);
    }
}
