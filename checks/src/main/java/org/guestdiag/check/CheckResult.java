package org.guestdiag.check;

import java.time.Duration;
import java.util.List;

/**
 * How one check went. {@code status} is ok, failed (a source could not be read, or the check threw) or
 * stuck (a source it needs overran its bound); {@code reason} says why for the last two.
 */
public record CheckResult(String check, String area, Status status, String reason, List<Finding> findings, Duration duration) {
    public enum Status { OK, FAILED, STUCK }

    public CheckResult {
        findings = List.copyOf(findings);
    }
}
