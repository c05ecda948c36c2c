package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One allocation type of a btrfs (/sys/fs/btrfs/FSID/allocation/{data,metadata,system}). {@code total}/{@code used}
 * are logical bytes (what the chunks hold), {@code diskTotal}/{@code diskUsed} the kernel's raw bytes: logical
 * times the profile's copies (twice as much with DUP or RAID1), but with RAID5/6 parity left out
 * (fs/btrfs/space-info.c multiplies by btrfs_bg_type_to_factor, which is ncopies, 1 for RAID5/6).
 *
 * @param profile       the profile subdirectory present (single, dup, raid1, raid10, raid5, raid6, raid1c3, raid1c4)
 * @param profileTotals every profile subdirectory present, with its logical {@code total_bytes}: two during a
 *                      conversion (balance -dconvert), one otherwise
 */
public record BtrfsAllocation(String type, OptionalLong totalBytes, OptionalLong bytesUsed, OptionalLong diskTotal,
                              OptionalLong diskUsed, Optional<String> profile, List<ProfileTotal> profileTotals) {
    /** allocation/TYPE/PROFILE/total_bytes: logical bytes of the chunks of that profile. */
    public record ProfileTotal(String profile, OptionalLong totalBytes) { }

    public BtrfsAllocation {
        profileTotals = List.copyOf(profileTotals);
    }

    /**
     * Raw bytes the chunks of this type take on the devices, parity included: each profile's logical total
     * times its ratio ({@link BtrfsProfile#raw}). Without parity profiles and without per-profile totals the
     * kernel's {@code disk_total} is that number already. Empty when a profile's total is unknown, a profile is
     * not one btrfs has, or a RAID5/6 stripe width cannot be had from {@code devices}.
     *
     * @param devices the number of devices of the filesystem, missing ones included: RAID5/6 chunks span them all
     */
    public OptionalLong rawAllocated(int devices) {
        boolean parity = profileTotals.stream().anyMatch(t -> BtrfsProfile.of(t.profile()).map(BtrfsProfile::parity).orElse(true))
                || profile.flatMap(BtrfsProfile::of).map(BtrfsProfile::parity).orElse(false);
        if (profileTotals.isEmpty()) return parity ? OptionalLong.empty() : diskTotal;
        long raw = 0;
        for (ProfileTotal t : profileTotals) {
            Optional<BtrfsProfile> p = BtrfsProfile.of(t.profile());
            if (p.isEmpty() || t.totalBytes().isEmpty()) return parity ? OptionalLong.empty() : diskTotal;
            OptionalLong r = p.get().raw(t.totalBytes().getAsLong(), devices);
            if (r.isEmpty()) return OptionalLong.empty();
            raw += r.getAsLong();
        }
        return OptionalLong.of(raw);
    }
}
