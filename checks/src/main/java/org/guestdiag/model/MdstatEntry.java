package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One array's lines in /proc/mdstat (drivers/md/md.c, md_seq_show):
 * {@code md1 : active (auto-read-only) raid5 vdd[3] vdc[1](F) vdb[0]} then
 * {@code … [3/2] [UU_]} and, while a sync runs, a progress line.
 *
 * @param line         the header line as read, for evidence
 * @param active       "active" rather than "inactive"
 * @param readOnly     read-only or auto-read-only when the kernel says so
 * @param level        the personality (raid1, raid5, linear …); inactive arrays name none
 * @param members      the members in the order listed
 * @param raidDisks    n of [n/m]: slots (redundant levels only)
 * @param workingDisks m of [n/m]: slots with a working member
 * @param roles        the [UU_] map, one character per slot, U up and _ down
 * @param progress     the progress line of a running sync ({@code recovery =  4.7% (3456/64512)}, KiB there,
 *                     sectors here): md.c prints the position the sync has reached, where sysfs's
 *                     sync_completed only moves at checkpoints (every 1/16 of the array or 30 s on 6.1)
 */
public record MdstatEntry(String name, String line, boolean active, Optional<String> readOnly, Optional<String> level,
                          List<MdstatMember> members, OptionalInt raidDisks, OptionalInt workingDisks, Optional<String> roles,
                          Optional<MdSync> progress) {
    public MdstatEntry {
        members = List.copyOf(members);
    }

    /**
     * A member as /proc/mdstat lists it: {@code vdc[1](F)}.
     *
     * @param role  the number in brackets: the member's descriptor number, not always its slot
     * @param flags the letters in parentheses: F faulty, S spare, W write-mostly, R replacement, J journal, …
     */
    public record MdstatMember(String device, int role, String flags) {
        public boolean faulty() {
            return flags.contains("F");
        }
    }
}
