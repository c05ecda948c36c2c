import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import org.guestdiag.http.GuestdiagServer;

/**
 * The benchmark's floor: the agent's HTTP stack (Javalin 7 on Jetty 12, configured by the agent's own
 * {@link GuestdiagServer#configureStack}) answering /metrics with one fixed body through a Javalin route, as
 * the agent does, on the agent's JVM flags, and nothing else: no readers, no checks, no registry, no refresh.
 * Measured beside {@code agent serve}, it tells what of the agent's RSS and latency is the stack's and what is
 * the agent's own. Not part of the agent.
 *
 * <p>usage: java -cp guestdiag-agent.jar:DIR StackFloor BODY_FILE CONTENT_TYPE PORT (the body gzip-encoded)
 */
public final class StackFloor {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        String contentType = args[1];
        int port = Integer.parseInt(args[2]);
        Javalin.create(cfg -> {
            GuestdiagServer.configureStack(cfg, "floor-http");
            cfg.routes.get("/metrics", ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Vary", "Accept-Encoding");
                ctx.header("Content-Encoding", "gzip");
                ctx.contentType(contentType).result(body);
            });
            // what interval-bench.sh and run-bench.sh wait for before the first scrape, as on the agent
            cfg.routes.get("/-/ready", ctx -> ctx.result("ready"));
        }).start("127.0.0.1", port);
    }
}
