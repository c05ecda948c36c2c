package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One md (software RAID) array: its line in /proc/mdstat and its attributes in /sys/block/NAME/md/
 * (Documentation/admin-guide/md.rst). Every sysfs value is absent where the kernel has no such attribute
 * (an inactive array has no {@code degraded}, a raid0 or linear array no {@code sync_action}).
 *
 * @param name           kernel name, {@code md0}, {@code md127}
 * @param mdstat         what /proc/mdstat says of it
 * @param level          md/level: raid1, raid5, linear …; empty text for an array not yet started
 * @param arrayState     md/array_state: clear, inactive, suspended, readonly, read-auto, clean, active,
 *                       write-pending, active-idle, broken
 * @param raidDisks      md/raid_disks: the number of slots the array has
 * @param degraded       md/degraded: how many of those slots hold no working member
 * @param members        md/dev-* : each member device
 * @param syncAction     md/sync_action: idle, resync, recover, check, repair, reshape, frozen
 * @param syncCompleted  md/sync_completed while a sync runs; absent when it says none or delayed
 * @param syncSpeedKib   md/sync_speed in KiB/s averaged over the last 30 s; absent when it says none
 * @param mismatchSectors md/mismatch_cnt: 512-byte sectors found to differ by the last check or repair
 * @param lastSyncAction md/last_sync_action: what the last finished or interrupted sync was
 */
public record MdArray(
        String name,
        MdstatEntry mdstat,
        Optional<String> level,
        Optional<String> arrayState,
        OptionalInt raidDisks,
        OptionalInt degraded,
        List<MdMember> members,
        Optional<String> syncAction,
        Optional<MdSync> syncCompleted,
        OptionalLong syncSpeedKib,
        OptionalLong mismatchSectors,
        Optional<String> lastSyncAction) {

    public MdArray {
        members = List.copyOf(members);
    }

    /** The level as sysfs or, for an array sysfs says nothing of, /proc/mdstat gives it. */
    public Optional<String> levelName() {
        return level.filter(l -> !l.isEmpty()).or(mdstat::level);
    }

    /** Not running: array_state inactive, or /proc/mdstat's "inactive" where sysfs has no state. */
    public boolean inactive() {
        return arrayState.map("inactive"::equals).orElse(!mdstat.active());
    }

    /** How far the running sync is: /proc/mdstat's current position, else sysfs's last checkpoint. */
    public Optional<MdSync> progress() {
        return mdstat.progress().or(() -> syncCompleted);
    }

    /** Slots with no working member: md/degraded, or /proc/mdstat's [n/m] where sysfs lacks it. */
    public OptionalInt missingSlots() {
        if (degraded.isPresent()) return degraded;
        if (mdstat.raidDisks().isPresent() && mdstat.workingDisks().isPresent()) {
            return OptionalInt.of(Math.max(0, mdstat.raidDisks().getAsInt() - mdstat.workingDisks().getAsInt()));
        }
        return OptionalInt.empty();
    }
}
