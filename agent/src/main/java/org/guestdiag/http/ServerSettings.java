package org.guestdiag.http;

import java.time.Duration;
import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.host.Root;
import org.guestdiag.read.Source;

/**
 * What {@code agent serve} was asked to do.
 *
 * @param sources        what the refresher reads (the checks' sources, in catalog order)
 * @param interval       how often dynamic sources are read again
 * @param staticInterval how often every source is read again
 * @param timeout        how long one refresh waits for reads before it reports them stuck
 */
public record ServerSettings(Root root, List<Check> checks, List<Source<?>> sources, ListenAddress listen, WebConfig web,
                             Duration interval, Duration staticInterval, Duration timeout) {
    public ServerSettings {
        checks = List.copyOf(checks);
        sources = List.copyOf(sources);
    }
}
