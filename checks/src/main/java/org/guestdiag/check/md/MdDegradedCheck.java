package org.guestdiag.check.md;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.Text;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdMember;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * md arrays that are not whole: inactive (assembled but not started), broken (raid0/linear that lost a
 * member, 5.x kernels), degraded (md/degraded &gt; 0: slots without a working member), members failed or
 * reporting write errors; hot spares are listed for the inventory. A healthy array says nothing.
 */
public final class MdDegradedCheck implements Check {
    @Override public String name() { return "md-degraded"; }
    @Override public String area() { return Md.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.MD); }
    @Override public List<Source<?>> optional() { return Machine.SOURCES; }

    @Override
    public void run(Inventory inv, Report out) {
        Machine machine = Machine.of(inv);
        for (MdArray a : inv.get(Sources.MD)) {
            if (a.inactive()) {
                inactive(a, machine, out);
                continue;
            }
            if (a.arrayState().filter("broken"::equals).isPresent()) {
                out.add(Finding.of("md.broken", Severity.CRITICAL, a.name())
                        .summary(Md.title(a) + " is broken: a member of an array without redundancy is gone")
                        .evidence(Md.sys(a, "array_state"), "broken").evidence("/proc/mdstat", a.mdstat().line())
                        .why("A raid0 or linear array keeps every block once: with a member gone, reads of its part fail and "
                                + "writes there are lost.")
                        .remedy(Md.remedy(machine, "mdadm --detail /dev/" + a.name() + " names the missing member; bring its disk back, "
                                + "then stop and assemble the array again (mdadm --stop, mdadm --assemble --scan)")));
                continue;
            }
            degraded(a, machine, out);
            troubled(a, machine, out);
            List<String> spares = Md.spares(a);
            if (!spares.isEmpty()) {
                Finding.Builder f = Finding.of("md.spare", Severity.INFO, a.name())
                        .summary(Md.title(a) + " has " + Text.plural(spares.size(), "hot spare", "hot spares") + ": " + String.join(", ", spares));
                for (MdMember m : a.members()) {
                    if (spares.contains(m.device())) f.evidence(Md.sys(a, "dev-" + m.device() + "/state"), Md.states(m));
                }
                out.add(f.why("A spare takes a failed member's place at once; in a VM it is another virtual disk, often on the "
                        + "same host storage as the others, so it guards against a guest-side failure rather than the host's."));
            }
        }
    }

    private static void inactive(MdArray a, Machine machine, Report out) {
        Finding.Builder f = Finding.of("md.inactive", Severity.CRITICAL, a.name())
                .summary("/dev/" + a.name() + " is inactive: assembled from " + Text.plural(a.mdstat().members().size(), "member", "members")
                        + " but not started, its data is not reachable");
        a.arrayState().ifPresent(s -> f.evidence(Md.sys(a, "array_state"), s));
        f.evidence("/proc/mdstat", a.mdstat().line());
        out.add(f.why("md leaves an array inactive when too few members turned up to start it safely (a disk missing at boot, "
                        + "members with different event counts): every filesystem on it is unreachable.")
                .remedy(Md.remedy(machine, "mdadm --detail /dev/" + a.name() + " and mdadm --examine on each member show which is "
                        + "missing or stale; once the disks are back: mdadm --stop /dev/" + a.name() + " then mdadm --assemble --scan; "
                        + "to start it degraded knowingly: mdadm --run /dev/" + a.name())));
    }

    private static void degraded(MdArray a, Machine machine, Report out) {
        int missing = a.missingSlots().orElse(0);
        List<String> faulty = Md.faulty(a);
        if (missing == 0 && faulty.isEmpty()) return;
        List<Integer> empty = Md.emptySlots(a);
        List<String> rebuilding = Md.rebuilding(a);
        StringBuilder s = new StringBuilder(Md.title(a));
        if (missing > 0) {
            s.append(" is degraded: ").append(missing).append(a.raidDisks().isPresent() ? " of " + a.raidDisks().getAsInt() : "")
                    .append(missing == 1 && a.raidDisks().isEmpty() ? " slot" : " slots").append(" without a working member");
        } else {
            s.append(" has a failed member");
        }
        if (!faulty.isEmpty()) s.append("; faulty: ").append(String.join(", ", faulty));
        if (!empty.isEmpty()) s.append("; empty slot").append(empty.size() == 1 ? " " : "s ").append(empty.toString().replaceAll("[\\[\\]]", ""));
        if (!rebuilding.isEmpty()) s.append("; rebuilding onto ").append(String.join(", ", rebuilding));
        Finding.Builder f = Finding.of("md.degraded", missing > 0 ? Severity.CRITICAL : Severity.WARNING, a.name()).summary(s.toString());
        a.degraded().ifPresent(d -> f.evidence(Md.sys(a, "degraded"), d));
        a.raidDisks().ifPresent(d -> f.evidence(Md.sys(a, "raid_disks"), d));
        for (MdMember m : a.members()) {
            if (!m.has("in_sync") || m.has("faulty")) {
                f.evidence(Md.sys(a, "dev-" + m.device() + "/state"), Md.states(m) + ", slot " + (m.slot().isPresent() ? m.slot().getAsInt() : "none"));
            }
        }
        f.evidence("/proc/mdstat", a.mdstat().line() + a.mdstat().roles().map(r -> " [" + r + "]").orElse(""));
        String dev = "/dev/" + a.name();
        out.add(f.why(missing > 0
                        ? "A degraded array has no redundancy left (raid1 with one copy, raid5 without parity): the next read error "
                        + "or failed disk loses data, and a raid5 rebuild reads every other member in full."
                        : "A member md marked faulty no longer takes writes; it still holds a slot's worth of stale data until removed.")
                .remedy(Md.remedy(machine, "mdadm --detail " + dev + "; a member that dropped out but is healthy again: mdadm " + dev
                        + " --re-add /dev/MEMBER (fast with a write-intent bitmap); a failed one: mdadm " + dev
                        + " --remove /dev/MEMBER, then add a new disk and mdadm " + dev + " --add /dev/NEW")));
    }

    /** Members md keeps but distrusts: write errors seen, asked to be replaced, or blocked. */
    private static void troubled(MdArray a, Machine machine, Report out) {
        for (MdMember m : a.members()) {
            if (m.has("faulty") || !(m.has("write_error") || m.has("want_replacement") || m.has("blocked"))) continue;
            out.add(Finding.of("md.member-errors", Severity.WARNING, a.name() + "/" + m.device())
                    .summary(m.device() + " in " + Md.title(a) + " is " + Md.states(m))
                    .evidence(Md.sys(a, "dev-" + m.device() + "/state"), Md.states(m))
                    .evidence(m.errors().isPresent() ? List.of(new org.guestdiag.check.Evidence(Md.sys(a, "dev-" + m.device() + "/errors"),
                            String.valueOf(m.errors().getAsLong()))) : List.of())
                    .why("md saw a write fail on this member (write_error), was asked to move its data to a replacement "
                            + "(want_replacement), or holds writes until bad blocks are acknowledged (blocked): the member is "
                            + "about to drop out.")
                    .remedy(Md.remedy(machine, "mdadm --detail /dev/" + a.name() + "; add a new disk and mdadm /dev/" + a.name()
                            + " --replace /dev/" + m.device() + " --with /dev/NEW")));
        }
    }
}
