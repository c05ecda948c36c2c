package org.guestdiag.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.guestdiag.expose.Sample;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.metrics.CheckMeters;
import org.guestdiag.metrics.Registry;
import org.guestdiag.render.Exposure;
import org.guestdiag.render.JsonReport;
import org.guestdiag.render.JsonWriter;
import org.guestdiag.render.Version;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.run.Refresher;

/**
 * The HTTP side of {@code agent serve}. Every endpoint renders the latest published diagnosis of the
 * {@link Refresher}; none reads the kernel, so a scrape answers at once even while a device hangs.
 */
public final class GuestdiagServer implements AutoCloseable {
    /** Only /-/healthy is open without credentials: a liveness probe must not need the scrape password. */
    static final String HEALTHY = "/-/healthy";
    /**
     * Bounds on what one client may hold. Scrapers ask a few hundred bytes of headers and read a response
     * in milliseconds; anything slower or bigger is a broken or hostile client and must not hold sockets.
     * Headers: 8 KiB (Jetty's default, made explicit; larger gets 431) within 5-10 s (else 408, see
     * {@link HeaderDeadline}); a connection idle for 30 s is closed (Prometheus scrapes every 15 s on a
     * kept-alive connection, and reconnects if it was closed).
     */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final java.time.Duration HEADER_DEADLINE = java.time.Duration.ofSeconds(5);
    static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** Below about one TCP segment compression saves nothing worth its CPU (Javalin's own default is 1500). */
    static final int MIN_GZIP_BYTES = 1500;
    static final String NOSNIFF = "X-Content-Type-Options";

    private final Refresher refresher;
    private final Registry registry;
    private final Javalin app;
    private final boolean tls;
    /** The machine's own name, for the status page's title. */
    private final Optional<String> host;
    private volatile List<Sample> samples = List.of();
    /** The diagnosis of {@link #samples}: what the refresh meters read, without telling the refresher it was used. */
    private volatile Diagnosis published;

    private GuestdiagServer(ServerSettings s, Optional<KeyStore> keyStore) {
        this.tls = keyStore.isPresent();
        this.registry = new Registry(Version.version(), this::samples);
        List<String> checks = new java.util.ArrayList<>(s.checks().stream().map(org.guestdiag.check.Check::name).toList());
        checks.add(Diagnosis.AGENT);
        CheckMeters.bind(registry.micrometer(), this::stuckReads, this::refreshes, () -> published, checks);
        Optional<String> name;
        try {
            name = s.root().attribute(s.root().proc("sys/kernel/hostname")).filter(h -> !h.isEmpty() && !h.equals("(none)"));
        } catch (RuntimeException e) {
            name = Optional.empty(); // the title goes without it
        }
        this.host = name.map(org.guestdiag.check.Text::visible);
        this.refresher = new Refresher(s.root(), s.checks(), s.sources(), s.timeout(), this::prepare);
        BasicAuth auth = s.web().authRequired() ? new BasicAuth(s.web().users()) : null;
        this.app = Javalin.create(cfg -> {
            configureStack(cfg, "guestdiag-http");
            // a POST to /metrics is a wrong method (405), not a missing page (404)
            cfg.http.prefer405over404 = true;
            cfg.jetty.addConnector((server, http) -> connector(server, http, s.listen(), s.web(), keyStore));
            cfg.routes.before(ctx -> {
                ctx.header(NOSNIFF, "nosniff");
                if (auth != null && !ctx.path().equals(HEALTHY) && !auth.allows(ctx.header("Authorization"))) {
                    ctx.header("WWW-Authenticate", "Basic realm=\"guestdiag\", charset=\"UTF-8\"");
                    ctx.status(401).result("Unauthorized\n");
                    ctx.skipRemainingHandlers();
                }
            });
            cfg.routes.get("/", this::statusPage);
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.get("/api/v1/findings", ctx -> json(ctx, JsonReport::findings));
            cfg.routes.get("/api/v1/inventory", ctx -> json(ctx, d -> JsonReport.inventory(d.inventory())));
            cfg.routes.get(HEALTHY, ctx -> ctx.result("Healthy\n"));
            cfg.routes.get("/-/ready", ctx -> {
                boolean ready = refresher.ready(); // a probe does not use the diagnosis: no refresh for it
                ctx.status(ready ? 200 : 503).result(ready ? "Ready\n" : "Not ready: the first refresh is still running\n");
            });
            cfg.routes.post("/-/refresh", ctx -> {
                refresher.requestFull();
                ctx.status(202).result("Refresh of every source requested\n");
            });
        });
    }

    /**
     * The HTTP stack as the agent runs it, before its routes, handler and connector. Public for the
     * benchmark's floor ({@code agent/src/bench/StackFloor.java}), which measures this configuration alone:
     * one method, so that the floor cannot drift from what the agent runs.
     */
    public static void configureStack(JavalinConfig cfg, String threadName) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        // compression is ours: /metrics assembles its gzip from pieces compressed once per diagnosis
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        // a small fixed pool: scrapes are answered from memory, so a few threads serve any number of scrapers
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(threadName);
        pool.setDaemon(true);
        cfg.jetty.threadPool = pool;
        cfg.jetty.modifyHttpConfiguration(h -> {
            h.setSendServerVersion(false);
            h.setRequestHeaderSize(MAX_HEADER_BYTES);
            // Jetty's parser keeps a trie of header fields per connection, about 100 KB each: at 64
            // scrapers that was 6 MB of live heap, grown through full collections in the middle of the
            // load (RSS at the end 92 -> 82 MB). A scraper sends three headers; parsing them anew is cheaper.
            h.setHeaderCacheSize(0);
        });
        // Javalin's LowResourceMonitor wakes every second to shorten idle timeouts when the pool runs dry: a
        // tenth of an idle agent's CPU, for a guard HeaderDeadline and the small pool give already
        cfg.jetty.modifyServer(server -> server.getBeans(LowResourceMonitor.class).forEach(server::removeBean));
    }

    /**
     * Starts refreshing and serving. A bad TLS key or certificate stops the start here, before anything
     * listens; a port in use surfaces as Javalin's bind exception.
     */
    public static GuestdiagServer start(ServerSettings s) throws WebConfigException {
        Optional<KeyStore> ks = Optional.empty();
        if (s.web().tls().isPresent()) ks = Optional.of(PemKeyStore.load(s.web().tls().get().certFile(), s.web().tls().get().keyFile()));
        GuestdiagServer server = new GuestdiagServer(s, ks);
        server.refresher.start(s.interval(), s.staticInterval());
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.refresher.close();
            throw e;
        }
        return server;
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ListenAddress listen, WebConfig web, Optional<KeyStore> keyStore) {
        ServerConnector c;
        if (keyStore.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore.get());
            ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
            List<String> protocols = web.tls().orElseThrow().protocols();
            ssl.setIncludeProtocols(protocols.toArray(new String[0]));
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // scrapers address VMs by IP while certificates name hosts; the exporter-toolkit does not check SNI either
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(listen.host());
        c.setPort(listen.port());
        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        c.addEventListener(new HeaderDeadline(HEADER_DEADLINE, server.getScheduler()));
        return c;
    }

    private void statusPage(Context ctx) throws java.io.IOException {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        result(ctx, "text/html; charset=utf-8", StatusPage.render(refresher.latest(), Version.version(), host, java.time.Instant.now()).getBytes(StandardCharsets.UTF_8));
    }

    private void metrics(Context ctx) {
        Registry.Exposition e = registry.scrape(ctx.header("Accept"), acceptsGzip(ctx.header("Accept-Encoding")));
        ctx.header("Vary", "Accept-Encoding");
        if (e.gzip()) ctx.header("Content-Encoding", "gzip");
        ctx.contentType(e.contentType()).result(e.body());
    }

    /** Small answers go as they are; larger ones gzip-compressed when the client takes gzip. */
    private static void result(Context ctx, String contentType, byte[] body) throws java.io.IOException {
        ctx.header("Vary", "Accept-Encoding");
        if (body.length >= MIN_GZIP_BYTES && acceptsGzip(ctx.header("Accept-Encoding"))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 4 + 64);
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
                gz.write(body);
            }
            ctx.header("Content-Encoding", "gzip");
            body = out.toByteArray();
        }
        ctx.contentType(contentType).result(body);
    }

    /**
     * Whether an Accept-Encoding value takes gzip: named (or {@code *}) without {@code q=0} (RFC 9110 12.5.3).
     * Prometheus sends {@code gzip}; curl without --compressed sends nothing and gets plain text.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String coding = p[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) continue;
            boolean refused = false;
            for (int i = 1; i < p.length; i++) {
                String q = p[i].trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                if (q.startsWith("q=")) refused = q.matches("q=0(\\.0{0,3})?");
            }
            if (!refused) return true;
        }
        return false;
    }

    private void json(Context ctx, java.util.function.Function<Diagnosis, Object> shape) throws java.io.IOException {
        Optional<Diagnosis> d = refresher.latest();
        if (d.isEmpty()) {
            ctx.status(503).result("Not ready: the first refresh is still running\n");
            return;
        }
        // read by anyone who reaches the port: no serials, mount sources or raw SMART answers (Exposure)
        result(ctx, "application/json", JsonWriter.toJsonBytes(shape.apply(d.get()), Exposure.NETWORK));
    }

    /**
     * On the refresh thread, before a new diagnosis is published: its samples, and their renderings in every
     * format scraped so far. Scrapes go on with the previous diagnosis meanwhile, so none waits for the
     * rendering of thousands of series (at 256 disks that wait made the p99 of 64 scrapers 50 ms).
     */
    private void prepare(Diagnosis d) {
        List<Sample> next = ExposedSamples.of(d);
        try {
            registry.prepare(next); // a failure is logged by the refresher; scrapes then render the samples themselves
        } finally {
            published = d;
            samples = next;
        }
    }

    /**
     * The samples of the latest prepared diagnosis, which the registry caches its rendering of by list
     * identity. A scrape asks for them: that tells the refresher the latest diagnosis is in use.
     */
    private List<Sample> samples() {
        refresher.markSeen();
        return samples;
    }

    private int stuckReads() {
        return refresher.stuckReads();
    }

    private long refreshes() {
        return refresher.refreshes();
    }

    public int port() {
        return app.port();
    }

    public boolean tls() {
        return tls;
    }

    public Refresher refresher() {
        return refresher;
    }

    @Override
    public void close() {
        app.stop();
        refresher.close();
    }
}
