package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdMember;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Per md array, as /sys/block/mdX/md/ gives it (Documentation/admin-guide/md.rst). The states and actions
 * are 0/1 gauges over md.rst's fixed lists, so an alert matches a value and a dashboard sums them; a value
 * the kernel does not give (no degraded on raid0, no progress while idle) gives no series.
 */
public final class MdSamples {
    private MdSamples() { }

    /** array_state's values in md.rst; "broken" since 5.x for raid0/linear with a member gone. */
    static final List<String> ARRAY_STATES = List.of("clear", "inactive", "suspended", "readonly", "read-auto", "clean", "active",
            "write-pending", "active-idle", "broken");
    /** sync_action's values in md.rst. */
    static final List<String> SYNC_ACTIONS = List.of("idle", "resync", "recover", "check", "repair", "reshape", "frozen");
    /** Member states counted: the ones that say whether a member carries data (md.c, state_show). */
    static final List<String> MEMBER_STATES = List.of("in_sync", "spare", "faulty", "write_mostly", "write_error", "want_replacement", "blocked");

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        for (MdArray a : inv.find(Sources.MD).orElse(List.of())) add(a, out);
        return out;
    }

    private static void add(MdArray a, List<Sample> out) {
        Map<String, String> device = Labels.of("device", a.name());
        out.add(Sample.gauge("guestdiag_md_info", "md array in /proc/mdstat, with its level (/sys/block/mdX/md/level).",
                Labels.of("device", a.name(), "level", a.levelName().orElse("")), 1));
        String state = a.arrayState().orElse(a.inactive() ? "inactive" : "");
        if (!state.isEmpty()) {
            for (String s : ARRAY_STATES) {
                out.add(Sample.gauge("guestdiag_md_state", "1 for the array's state (/sys/block/mdX/md/array_state).",
                        Labels.of("device", a.name(), "state", s), Labels.bool(s.equals(state))));
            }
        }
        a.raidDisks().ifPresent(n -> out.add(Sample.gauge("guestdiag_md_raid_disks", "Slots of the array (/sys/block/mdX/md/raid_disks).", device, n)));
        a.degraded().ifPresent(n -> out.add(Sample.gauge("guestdiag_md_degraded_disks",
                "Slots without a working member (/sys/block/mdX/md/degraded).", device, n)));
        if (!a.members().isEmpty()) {
            for (String s : MEMBER_STATES) {
                long n = a.members().stream().filter(m -> m.has(s)).count();
                out.add(Sample.gauge("guestdiag_md_disks", "Members in each state (/sys/block/mdX/md/dev-*/state).",
                        Labels.of("device", a.name(), "state", s), n));
            }
            long errors = 0;
            boolean any = false;
            for (MdMember m : a.members()) {
                if (m.errors().isPresent()) {
                    any = true;
                    errors += m.errors().getAsLong();
                }
            }
            if (any) out.add(Sample.gauge("guestdiag_md_corrected_read_errors",
                    "Read errors md corrected on the members, summed (/sys/block/mdX/md/dev-*/errors).", device, errors));
        }
        a.syncAction().filter(SYNC_ACTIONS::contains).ifPresent(action -> {
            for (String s : SYNC_ACTIONS) {
                out.add(Sample.gauge("guestdiag_md_sync_action", "1 for the sync the array runs (/sys/block/mdX/md/sync_action).",
                        Labels.of("device", a.name(), "action", s), Labels.bool(s.equals(action))));
            }
        });
        // /proc/mdstat's position is the current one; sync_completed lags it by up to a checkpoint
        a.progress().ifPresent(c -> out.add(Sample.gauge("guestdiag_md_sync_completed_ratio",
                "Part of the running sync done (/proc/mdstat's progress line, else /sys/block/mdX/md/sync_completed).", device, c.ratio())));
        a.syncSpeedKib().ifPresent(k -> out.add(Sample.gauge("guestdiag_md_sync_speed_bytes_per_second",
                "Speed of the running sync over the last 30 s (/sys/block/mdX/md/sync_speed, KiB/s).", device, k * 1024.0)));
        a.mismatchSectors().ifPresent(n -> out.add(Sample.gauge("guestdiag_md_mismatch_sectors",
                "512-byte sectors the last check or repair found to differ (/sys/block/mdX/md/mismatch_cnt).", device, n)));
    }
}
