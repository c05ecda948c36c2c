package org.guestdiag.model;

import java.util.List;

/**
 * The kernel's ring buffer as read from /dev/kmsg.
 *
 * @param fromBoot true when the buffer still holds the first record of the boot, so an absent line
 *                 (e.g. "Hypervisor detected") really was never printed
 */
public record KernelLog(List<LogRecord> records, boolean fromBoot) {
    public KernelLog {
        records = List.copyOf(records);
    }
}
