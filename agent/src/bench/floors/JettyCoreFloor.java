import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A floor below {@code StackFloor}: Jetty 12's core alone, without Javalin and its servlet layer, set up as
 * the agent sets up Jetty (a pool of 16 daemon threads, no header cache, no server version), answering
 * every request with one fixed gzip body. Not part of the agent.
 *
 * <p>usage: java -cp guestdiag-agent.jar:DIR JettyCoreFloor BODY_FILE CONTENT_TYPE PORT
 */
public final class JettyCoreFloor {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        String contentType = args[1];
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[2]));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                var headers = response.getHeaders();
                headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
                headers.put(HttpHeader.CONTENT_TYPE, contentType);
                headers.put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
                return true;
            }
        });
        server.start();
        server.join();
    }
}
