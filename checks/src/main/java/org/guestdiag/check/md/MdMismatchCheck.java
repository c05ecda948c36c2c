package org.guestdiag.check.md;

import java.util.List;
import java.util.Set;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.MdArray;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Copies that disagree: md/mismatch_cnt &gt; 0 after a finished check or repair (md/last_sync_action). Only
 * then does the count mean something: md.rst counts mismatches during check and repair (and "possibly" a
 * resync), and the count of a run still going is partial.
 */
public final class MdMismatchCheck implements Check {
    private static final Set<String> SCRUBS = Set.of("check", "repair");

    @Override public String name() { return "md-mismatch"; }
    @Override public String area() { return Md.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.MD); }
    @Override public List<Source<?>> optional() { return Machine.SOURCES; }

    @Override
    public void run(Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        for (MdArray a : inv.get(Sources.MD)) {
            if (a.mismatchSectors().isEmpty() || a.mismatchSectors().getAsLong() == 0) continue;
            String last = a.lastSyncAction().orElse("");
            if (!SCRUBS.contains(last) || !a.syncAction().map("idle"::equals).orElse(false)) continue;
            long n = a.mismatchSectors().getAsLong();
            String dev = "/dev/" + a.name();
            out.add(Finding.of("md.mismatch", Severity.WARNING, a.name())
                    .summary(Md.title(a) + ": the last " + last + " found " + n + " sectors whose copies disagree")
                    .evidence(Md.sys(a, "mismatch_cnt"), n)
                    .evidence(Md.sys(a, "last_sync_action"), last)
                    .evidence(Md.sys(a, "sync_action"), "idle")
                    .why("Copies (raid1/raid10) or parity (raid5/6) that differ mean one of them is wrong and md cannot tell "
                            + "which: a read may return either. A raid1 holding swap or a file being rewritten during the check "
                            + "can show a few harmless mismatches; a count that grows between checks points at a disk or at the "
                            + "host's storage (a cache mode that loses writes: cache=unsafe, or a host crash).")
                    .remedy(Md.remedy(machine, (last.equals("repair") ? "the repair rewrote them; " : "")
                            + "echo check > /sys/block/" + a.name() + "/md/sync_action and compare mismatch_cnt when it ends; "
                            + "if it stays: echo repair > /sys/block/" + a.name() + "/md/sync_action, verify the filesystem "
                            + "(fsck / xfs_repair -n) and mdadm --detail " + dev)));
        }
    }
}
