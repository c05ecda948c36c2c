package org.guestdiag.model;

import java.util.OptionalLong;

/**
 * The last scrub of one device as recorded by btrfs-progs (cmds/scrub.c, scrub_file_write). Times are
 * seconds since the epoch; {@code duration} seconds. Counters the file does not carry are absent.
 */
public record ScrubDevice(long devid, OptionalLong start, OptionalLong duration, boolean finished, boolean canceled,
                          OptionalLong readErrors, OptionalLong csumErrors, OptionalLong verifyErrors,
                          OptionalLong uncorrectableErrors, OptionalLong correctedErrors) {
    /** When it ended (start + duration), for a finished scrub. */
    public OptionalLong finish() {
        return finished && start.isPresent() ? OptionalLong.of(start.getAsLong() + duration.orElse(0)) : OptionalLong.empty();
    }
}
