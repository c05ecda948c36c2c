package org.guestdiag.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where ext4 recorded its first or last error, from /sys/fs/ext4/DEV/{first,last}_error_* (the superblock's
 * s_first_error_* and s_last_error_* fields, kept across mounts until e2fsck clears them). {@code time} is in
 * seconds since the epoch; the kernel shows 0 for "none". The func, line, ino, block and errcode attributes
 * appeared in 5.6; before, only the times are there.
 */
public record Ext4ErrorSite(OptionalLong time, Optional<String> function, OptionalLong line, OptionalLong inode,
                            OptionalLong block, OptionalLong errcode) {
    /** The kernel writes 0 when no error was recorded. */
    public boolean recorded() {
        return time.isPresent() && time.getAsLong() > 0;
    }
}
