package org.guestdiag.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.guestdiag.check.Check;
import org.guestdiag.host.LibC;
import org.guestdiag.http.GuestdiagServer;
import org.guestdiag.http.ListenAddress;
import org.guestdiag.http.ServerSettings;
import org.guestdiag.http.WebConfig;
import org.guestdiag.http.WebConfigException;
import org.guestdiag.render.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code agent serve}: Prometheus metrics, JSON findings and a status page, refreshed in the background. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve this VM's diagnosis over HTTP: /metrics (Prometheus/OpenMetrics), /api/v1/findings, /api/v1/inventory, "
                + "a status page at /, /-/healthy, /-/ready, and POST /-/refresh to read every source again now.",
                "Sources are read in the background; a scrape renders the latest results and never touches /sys, "
                + "so it answers at once even while a device hangs (the hung read is reported stuck).",
                "Default port " + ListenAddress.DEFAULT_PORT + ": in the exporters' 9100-9999 range, away from node_exporter (9100) and smartctl_exporter (9633)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT (a clean stop)", "3:could not start: bad --web.config.file, address in use, bad flags"})
public final class ServeCommand implements Callable<Integer> {
    /**
     * Made on first use: picocli instantiates every subcommand, and a static logger here made each
     * {@code diagnose} start slf4j and its date formats (a tenth of a cold diagnose's CPU).
     */
    private static Logger logger() {
        return LoggerFactory.getLogger(ServeCommand.class);
    }

    @Spec CommandSpec spec;
    @Mixin RootOptions rootOptions = new RootOptions();
    @Mixin Selection selection = new Selection();
    @Mixin LogOptions logOptions = new LogOptions();

    @Option(names = "--web.listen-address", paramLabel = "[HOST]:PORT", defaultValue = ":" + ListenAddress.DEFAULT_PORT,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
    String listen;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "Prometheus exporter-toolkit web config (YAML) for TLS and basic auth, as node_exporter takes it.")
    Path webConfig;

    @Option(names = "--refresh.interval", defaultValue = "15s", converter = DurationConverter.class,
            description = "How often dynamic sources (kernel log, mounts, btrfs state) are read again, once the latest reading "
                    + "has been scraped or asked for since (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--refresh.static-interval", defaultValue = "10m", converter = DurationConverter.class,
            description = "How often every source (CPU, NUMA, disks, NICs …) is read again (default: ${DEFAULT-VALUE}).")
    Duration staticInterval;

    @Option(names = "--check.timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long a refresh waits for reads before it reports them stuck (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        // a server reads the same files at every refresh for weeks: worth the native methods' registration
        // (20-30 ms once) that a one-shot diagnose does not pay; before anything reads
        LibC.preferDirect();
        GuestdiagServer server;
        try {
            server = start();
        } catch (StartException e) {
            spec.commandLine().getErr().println("guestdiag serve: " + e.getMessage());
            return AgentCommand.UNKNOWN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            logger().info("stopping: asked to by a signal");
            server.close();
            stopped.countDown();
            // a stop asked for is a clean stop: exit 0, not the JVM's 128+15 for SIGTERM, which monitoring
            // and service managers without SuccessExitStatus=143 read as a failure
            Runtime.getRuntime().halt(0);
        }, "guestdiag-shutdown"));
        stopped.await();
        return 0;
    }

    /** Parses the settings and starts the server; tests call this on a command line parsed by picocli. */
    public GuestdiagServer start() throws StartException {
        logOptions.apply();
        ServerSettings settings = settings();
        bindable(settings.listen());
        try {
            GuestdiagServer server = GuestdiagServer.start(settings);
            // a log line like every other line a server writes, so a journal or log shipper reads one format
            logger().info("guestdiag {} serving {} on port {}{}", Version.version(), server.tls() ? "https" : "http", server.port(),
                    rootOptions.root != null ? " for snapshot " + rootOptions.root : "");
            return server;
        } catch (WebConfigException e) {
            // the certificate and key are loaded here, after the config itself was read: name the config first
            throw new StartException("--web.config.file " + webConfig + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            logger().debug("start failed", e);
            throw new StartException("cannot listen on " + listen + ": " + rootCause(e), e);
        }
    }

    ServerSettings settings() throws StartException {
        List<Check> checks;
        ListenAddress address;
        try {
            checks = selection.checks();
            address = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new StartException(e.getMessage(), e);
        }
        WebConfig web;
        try {
            web = webConfig == null ? WebConfig.none() : WebConfig.load(webConfig);
        } catch (WebConfigException e) {
            throw new StartException("--web.config.file " + e.getMessage(), e);
        }
        return new ServerSettings(rootOptions.toRoot(), checks, Selection.sourcesFor(checks), address, web, interval, staticInterval, timeout);
    }

    /**
     * The address resolves and its port is free, asked before Jetty is: a failed start there is logged by
     * Javalin as a third-party ERROR line with its class names before our own message.
     */
    private void bindable(org.guestdiag.http.ListenAddress a) throws StartException {
        java.net.InetSocketAddress at;
        try {
            at = a.host() == null ? new java.net.InetSocketAddress(a.port()) : new java.net.InetSocketAddress(java.net.InetAddress.getByName(a.host()), a.port());
        } catch (java.net.UnknownHostException e) {
            throw new StartException("cannot listen on " + listen + ": no such host " + a.host(), e);
        }
        if (a.port() == 0) return;
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(at);
        } catch (java.net.BindException e) {
            throw new StartException("cannot listen on " + listen + ": " + (e.getMessage() == null ? "address in use" : e.getMessage().replaceAll(" \\(Bind failed\\)", "")), e);
        } catch (java.io.IOException e) {
            throw new StartException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The server could not start; the message says why in words for the operator. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
