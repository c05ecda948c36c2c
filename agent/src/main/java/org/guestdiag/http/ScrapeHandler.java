package org.guestdiag.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.guestdiag.metrics.Registry;

/**
 * Answers {@code GET /metrics} in Jetty's core handler, ahead of Javalin's servlet. A scrape sends bytes
 * the registry already holds, so what it costs is the framework around them: through the servlet layer
 * that was a servlet request and response, Javalin's context and an 8 KiB copy buffer per scrape, about
 * 45 KB of garbage and most of a scrape's CPU. Everything else (other paths and methods, a request without
 * valid credentials, {@code /metrics/}) goes on to Javalin, which stays the one place that answers errors,
 * 401 and 405; this handler gives the same headers and body as the Javalin route it shortcuts.
 */
final class ScrapeHandler extends Handler.Wrapper {
    static final String PATH = "/metrics";

    private final Registry registry;
    private final BasicAuth auth;

    /** {@code auth} null when the web config asks for no credentials. */
    ScrapeHandler(Registry registry, BasicAuth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) || !PATH.equals(request.getHttpURI().getPath())
                || (auth != null && !auth.allows(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
            return super.handle(request, response, callback);
        }
        Registry.Exposition e = registry.scrape(request.getHeaders().get(HttpHeader.ACCEPT),
                GuestdiagServer.acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING)));
        response.setStatus(HttpStatus.OK_200);
        var headers = response.getHeaders();
        headers.put(GuestdiagServer.NOSNIFF, "nosniff");
        headers.put(HttpHeader.VARY, HttpHeader.ACCEPT_ENCODING.asString());
        if (e.gzip()) headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
        headers.put(HttpHeader.CONTENT_TYPE, e.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, e.body().length);
        // the body is the registry's shared rendering: written as it is, never copied, never changed
        response.write(true, ByteBuffer.wrap(e.body()).asReadOnlyBuffer(), callback);
        return true;
    }
}
