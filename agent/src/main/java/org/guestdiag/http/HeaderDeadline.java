package org.guestdiag.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Answers 408 to a client that takes too long to send its request headers, and closes it (slowloris).
 * Jetty's idle timeout only fires when no byte arrives for the whole timeout, so a client that sends one
 * header byte a second would hold its connection open for ever; Jetty 12 has no bound on the time to read
 * the headers. Every {@code limit} each open connection is looked at: if it was in the middle of the
 * same request's headers at the previous look too, it has had at least {@code limit} and gets 408. A
 * connection costs no thread while it waits (Jetty reads non-blocking), so this bounds connections and
 * file descriptors held, not threads.
 */
final class HeaderDeadline implements Connection.Listener {
    private static final ByteBuffer TIMEOUT = ByteBuffer.wrap(
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain\r\nContent-Length: 41\r\nConnection: close\r\n\r\nRequest headers not received in time.\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final Duration limit;
    private final Scheduler scheduler;

    HeaderDeadline(Duration limit, Scheduler scheduler) {
        this.limit = limit;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) schedule(http, -1);
    }

    private void schedule(HttpConnection http, long requestSeenInHeaders) {
        scheduler.schedule(() -> look(http, requestSeenInHeaders), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look(HttpConnection http, long requestSeenInHeaders) {
        EndPoint ep = http.getEndPoint();
        if (!ep.isOpen()) return;
        // the parser leaves START on a request's first byte and reaches CONTENT/END when its headers are complete
        boolean inHeaders = !http.getParser().isStart() && http.getParser().inHeaderState();
        long request = http.getMessagesIn();
        if (inHeaders && request == requestSeenInHeaders) {
            ep.write(Callback.from(ep::close, x -> ep.close()), TIMEOUT.duplicate());
            return;
        }
        schedule(http, inHeaders ? request : -1);
    }
}
