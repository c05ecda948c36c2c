package org.guestdiag.http;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.guestdiag.cli.AgentCommand;
import org.guestdiag.cli.ServeCommand;
import picocli.CommandLine;

/** Starts the real server as {@code agent serve ARGS} would, on a random loopback port, and talks HTTP to it. */
final class Servers {
    static final Path SNAPSHOTS = Path.of("../checks/src/test/snapshots");

    private Servers() { }

    /** {@code agent serve} with these flags, listening on 127.0.0.1:0; waits until /-/ready says so. */
    static GuestdiagServer serve(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve", "--web.listen-address", "127.0.0.1:0"));
        all.addAll(List.of(args));
        CommandLine cl = AgentCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = cl.parseArgs(all.toArray(new String[0]));
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        GuestdiagServer server = serve.start();
        awaitReady(server);
        return server;
    }

    static void awaitReady(GuestdiagServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.refresher().latest().isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("server not ready after 30 s");
            Thread.sleep(20);
        }
    }

    static HttpResponse<String> get(GuestdiagServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
