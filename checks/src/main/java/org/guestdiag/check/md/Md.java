package org.guestdiag.check.md;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.guestdiag.check.Remedy;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.MdMember;
import org.guestdiag.model.MdstatEntry;

/** What the md checks share: the area, the paths evidence names, and how to look at an array. */
final class Md {
    private Md() { }

    static final String AREA = "md";

    static String sys(MdArray a, String rel) {
        return "/sys/block/" + a.name() + "/md/" + rel;
    }

    static String title(MdArray a) {
        return "/dev/" + a.name() + a.levelName().map(l -> " (" + l + ")").orElse("");
    }

    /** Slots 0..raid_disks-1 that no member fills (sysfs slot), e.g. a member pulled out and removed. */
    static List<Integer> emptySlots(MdArray a) {
        List<Integer> empty = new ArrayList<>();
        if (a.raidDisks().isEmpty() || a.members().isEmpty()) return empty;
        for (int s = 0; s < a.raidDisks().getAsInt(); s++) {
            int slot = s;
            if (a.members().stream().noneMatch(m -> m.slot().isPresent() && m.slot().getAsInt() == slot && !m.has("faulty"))) empty.add(s);
        }
        return empty;
    }

    /** Faulty members by sysfs, or by /proc/mdstat's (F) where sysfs lists none. */
    static List<String> faulty(MdArray a) {
        if (!a.members().isEmpty()) return a.members().stream().filter(m -> m.has("faulty")).map(MdMember::device).toList();
        return a.mdstat().members().stream().filter(MdstatEntry.MdstatMember::faulty).map(MdstatEntry.MdstatMember::device).toList();
    }

    /** Members being rebuilt into a slot: not in sync (spare) yet holding a slot. */
    static List<String> rebuilding(MdArray a) {
        return a.members().stream().filter(m -> m.has("spare") && !m.has("faulty") && m.slot().isPresent()).map(MdMember::device).toList();
    }

    /** Hot spares: not in sync, not faulty, no slot. */
    static List<String> spares(MdArray a) {
        return a.members().stream().filter(m -> m.has("spare") && !m.has("faulty") && m.slot().isEmpty()).map(MdMember::device).toList();
    }

    static String states(MdMember m) {
        return m.states().isEmpty() ? "(empty)" : String.join(",", m.states());
    }

    /** Seconds left at the current speed: sectors of 512 bytes over KiB/s. */
    static long secondsLeft(long sectorsLeft, long kibPerSecond) {
        return kibPerSecond <= 0 ? -1 : sectorsLeft / 2 / kibPerSecond;
    }

    static String duration(long seconds) {
        if (seconds < 90) return seconds + " s";
        if (seconds < 90 * 60) return Math.round(seconds / 60.0) + " min";
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }

    /** The host side: an md member is a virtual disk, and its image is where trouble usually starts. */
    static String hostCheck() {
        return "check the virtual disks behind the members on the host: qm config <vmid> (a virtioN/scsiN line gone, its "
                + "storage offline or full?), pvesm status, and the host's own log for I/O errors on the image's storage";
    }

    /** On a VM the host's side too; on a physical machine only the step here (there is no host above it). */
    static Remedy remedy(org.guestdiag.check.Machine machine, String guest) {
        return machine.here(new Remedy(hostCheck(),
                "check that every member disk is still attached and readable: virsh domblklist <domain>, virsh domblkerror <domain>",
                "check that every -drive/-device of the members is still given and its image "
                + "readable (QMP query-block: io-status)", guest));
    }
}
