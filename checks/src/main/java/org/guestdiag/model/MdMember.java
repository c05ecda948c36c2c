package org.guestdiag.model;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One member of an md array, /sys/block/mdX/md/dev-NAME/ (md.rst, "dev-XXX").
 *
 * @param device the block device, {@code vdb} or {@code vdb1} (the part after dev-)
 * @param states state: faulty, in_sync, write_mostly, blocked, spare, write_error, want_replacement,
 *               replacement, journal …; spare means not in sync, either a hot spare (no slot) or a member
 *               being rebuilt into its slot
 * @param slot   slot: the role it fills, absent when it says none (a spare or a faulty member)
 * @param errors errors: read errors seen and corrected on it, not yet a reason to fail it
 */
public record MdMember(String device, List<String> states, OptionalInt slot, OptionalLong errors) {
    public MdMember {
        states = List.copyOf(states);
    }

    public boolean has(String state) {
        return states.contains(state);
    }
}
