import io.javalin.Javalin;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.guestdiag.http.GuestdiagServer;

/**
 * The benchmark's floor: the agent's HTTP stack (Javalin 7 on Jetty 12, configured by the agent's own
 * {@link GuestdiagServer#configureStack}) answering every request with one fixed body, on the agent's JVM
 * flags, and nothing else: no readers, no checks, no registry, no refresh. Measured beside {@code agent serve}, it tells what of the
 * agent's RSS and latency is the stack's and what is the agent's own. Not part of the agent.
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
            cfg.jetty.modifyServer(server -> {
                // as ScrapeHandler answers: in Jetty's core, ahead of Javalin's servlet
                server.setHandler(new Handler.Wrapper() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        response.setStatus(200);
                        var headers = response.getHeaders();
                        headers.put("X-Content-Type-Options", "nosniff");
                        headers.put(HttpHeader.VARY, HttpHeader.ACCEPT_ENCODING.asString());
                        headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
                        headers.put(HttpHeader.CONTENT_TYPE, contentType);
                        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
                        response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
                        return true;
                    }
                });
            });
        }).start("127.0.0.1", port);
    }
}
