package org.guestdiag.check.md;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdSync;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * A resync, rebuild (recover), check, repair or reshape in progress (md/sync_action), with how far it is
 * (md/sync_completed, sectors) and how long it has left at md/sync_speed. Information: the degraded check
 * says when the array is at risk meanwhile.
 */
public final class MdSyncCheck implements Check {
    private static final Set<String> RUNNING = Set.of("resync", "recover", "check", "repair", "reshape");

    @Override public String name() { return "md-sync"; }
    @Override public String area() { return Md.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.MD); }

    @Override
    public void run(Inventory inv, Report out) {
        for (MdArray a : inv.get(Sources.MD)) {
            String action = a.syncAction().orElse("");
            if (!RUNNING.contains(action)) continue;
            StringBuilder s = new StringBuilder(Md.title(a)).append(": ").append(action).append(" in progress");
            Finding.Builder f = Finding.of("md.sync", Severity.INFO, a.name());
            f.evidence(Md.sys(a, "sync_action"), action);
            a.syncCompleted().ifPresent(c -> f.evidence(Md.sys(a, "sync_completed"), c.doneSectors() + " / " + c.totalSectors()));
            a.mdstat().progress().ifPresent(c -> f.evidence("/proc/mdstat", "(" + c.doneSectors() / 2 + "/" + c.totalSectors() / 2 + ") KiB"));
            if (a.progress().isPresent()) {
                MdSync c = a.progress().get();
                s.append(String.format(Locale.ROOT, ", %.1f%% done", c.ratio() * 100));
                if (a.syncSpeedKib().isPresent()) {
                    long left = Md.secondsLeft(c.totalSectors() - c.doneSectors(), a.syncSpeedKib().getAsLong());
                    s.append(" at ").append(a.syncSpeedKib().getAsLong()).append(" KiB/s");
                    if (left >= 0) s.append(", about ").append(Md.duration(left)).append(" left");
                    f.evidence(Md.sys(a, "sync_speed"), a.syncSpeedKib().getAsLong());
                }
            } else {
                s.append(", waiting to start (sync_completed: delayed or none)");
            }
            out.add(f.summary(s.toString())
                    .why(why(action)));
        }
    }

    private static String why(String action) {
        return switch (action) {
            case "recover" -> "A member is being rebuilt: until it ends the array has no redundancy, and the rebuild reads "
                    + "every other member in full, the moment a second weak disk tends to fail. The VM's disk I/O is slower meanwhile.";
            case "resync" -> "After an unclean stop or at creation md makes the copies agree; the array is usable but slower "
                    + "until then (md's speed_limit_min/max in /proc/sys/dev/raid bound the pace).";
            case "check", "repair" -> "A scrub reads every member and compares; mismatches it finds show in mismatch_cnt "
                    + "when it ends (the md-mismatch check).";
            default -> "A reshape changes the array's layout in place: an interruption is survivable but slow to resume.";
        };
    }
}
