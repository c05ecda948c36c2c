import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The lightest HTTP stack on this JVM: the JDK's own com.sun.net.httpserver, with 16 threads as the agent's
 * Jetty pool, answering every request with one fixed gzip body. What a JVM server costs without Jetty; not
 * part of the agent.
 *
 * <p>usage: java -cp DIR JdkHttpFloor BODY_FILE CONTENT_TYPE PORT
 */
public final class JdkHttpFloor {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        String contentType = args[1];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", x -> {
            x.getResponseHeaders().add("Content-Encoding", "gzip");
            x.getResponseHeaders().add("Content-Type", contentType);
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }
}
