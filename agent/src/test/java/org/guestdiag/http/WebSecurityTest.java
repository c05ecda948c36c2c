package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.guestdiag.cli.AgentCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --web.config.file as node_exporter takes it: TLS from PEM files and bcrypt basic auth, on the real server. */
class WebSecurityTest {
    private static final String SNAPSHOT = Servers.SNAPSHOTS.resolve("pve-recommended").toString();
    @TempDir Path dir;
    private String hash;

    @BeforeEach
    void certificate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed (Debian package openssl)");
        Fixtures.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.crt").toString());
        // cost 4 keeps the test fast; the format is the same as htpasswd -nBC 10
        hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, "s3cret".toCharArray()), StandardCharsets.US_ASCII);
    }

    private Path config(String yaml) throws IOException {
        Path f = dir.resolve("web.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private String tlsAndUsers() {
        return "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: " + hash + "\n";
    }

    @Test
    void tlsWithBasicAuthLetsTheRightPasswordIn() throws Exception {
        Path web = config(tlsAndUsers());
        promtoolAccepts(web);
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            HttpClient client = client("TLSv1.3", "TLSv1.2");
            assertThat(get(client, server, "/metrics", "prometheus", "s3cret").statusCode()).isEqualTo(200);
            assertThat(get(client, server, "/metrics", "prometheus", "s3cret").body()).contains("guestdiag_finding{");
            assertThat(get(client, server, "/api/v1/findings", "prometheus", "s3cret").statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = get(client, server, "/metrics", "prometheus", "wrong");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("guestdiag_");
            assertThat(get(client, server, "/metrics", "nobody", "s3cret").statusCode()).isEqualTo(401);
            HttpResponse<String> missing = get(client, server, "/", null, null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(get(client, server, "/api/v1/inventory", null, null).statusCode()).isEqualTo(401);
            assertThat(get(client, server, "/-/ready", null, null).statusCode()).isEqualTo(401);
            assertThat(get(client, server, "/-/healthy", null, null).statusCode()).isEqualTo(200);
            // nothing else, however the path is spelt
            for (String path : new String[] {"/api/v1/findings", "/no-such-page", "/-/healthy/../metrics", "//metrics", "/-/HEALTHY", "/-/healthy/"}) {
                assertThat(get(client, server, path, null, null).statusCode()).as(path).isIn(400, 401);
            }

            HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/-/healthy")).timeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP to the TLS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    void minVersionTls13RefusesATls12Client() throws Exception {
        Path web = config("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n");
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            assertThat(get(client("TLSv1.3"), server, "/-/healthy", null, null).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(client("TLSv1.2"), server, "/-/healthy", null, null)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void traditionalRsaKeyIsReadToo() throws Exception {
        Fixtures.run("openssl", "rsa", "-in", dir.resolve("server.key").toString(), "-traditional", "-out", dir.resolve("rsa.key").toString());
        assertThat(Files.readString(dir.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path web = config("tls_server_config:\n  cert_file: server.crt\n  key_file: rsa.key\n");
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            assertThat(get(client("TLSv1.3"), server, "/-/healthy", null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void authWithoutTlsWorksOnPlainHttp() throws Exception {
        Path web = config("basic_auth_users:\n  prometheus: " + hash + "\n");
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            assertThat(Servers.get(server, "/metrics").statusCode()).isEqualTo(401);
            assertThat(Servers.get(server, "/metrics", "Authorization", basic("prometheus", "s3cret")).statusCode()).isEqualTo(200);
            // a wrong password on the scrape path (answered ahead of Javalin when the credentials are good)
            HttpResponse<String> wrong = Servers.get(server, "/metrics", "Authorization", basic("prometheus", "guess"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }
    }

    @Test
    void aBadConfigStopsTheStartWithExitCode3AndSaysWhy() throws Exception {
        Fixtures.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other",
                "-keyout", dir.resolve("other.key").toString(), "-out", dir.resolve("other.crt").toString());
        assertRefused("basic_auth_users:\n  prometheus: plaintext\n", "basic_auth_users.prometheus is not a bcrypt hash");
        assertRefused("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS11\n", "below TLS 1.2");
        assertRefused("tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n", "does not belong to the certificate");
        assertRefused("tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n", "tls_server_config.cert_file " + dir.resolve("missing.crt") + ": no such file");
        assertRefused("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n", "client_ca_file is not supported");
        assertRefused("basic_auth_user:\n  prometheus: " + hash + "\n", "unknown key basic_auth_user");
        assertRefused("tls_server_config: [\n", "web.yml");
        assertRefused("basic_auth_users:\n  prometheus: " + hash.replace("$04$", "$99$") + "\n", "bcrypt cost 99");
    }

    /**
     * A wrong user must cost a bcrypt compare just as a wrong password does, or the time to answer 401
     * tells which user names exist. Cost 8 hashes (not the dummy's old fixed 10) would show a 4x gap.
     * Requests are interleaved so that load on a shared CI machine hits all kinds alike.
     */
    @Test
    void wrongUserAndWrongPasswordTakeTheSameTime() throws Exception {
        String cost8 = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(8, "s3cret".toCharArray()), StandardCharsets.US_ASCII);
        Path web = config("basic_auth_users:\n  prometheus: " + cost8 + "\n");
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            String[][] kinds = {{"nobody", "s3cret"}, {"prometheus", "wrong"}, {"prometheus", "s3cret"}};
            long[] total = new long[3];
            int rounds = 30;
            for (int i = -3; i < rounds; i++) { // three rounds of warm-up, not counted
                for (int k = 0; k < 3; k++) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .header("Authorization", basic(kinds[k][0], kinds[k][1])).timeout(Duration.ofSeconds(10)).build();
                    long t0 = System.nanoTime();
                    int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (i >= 0) total[k] += System.nanoTime() - t0;
                    assertThat(status).isEqualTo(k == 2 ? 200 : 401);
                }
            }
            double user = total[0] / 1e6 / rounds;
            double password = total[1] / 1e6 / rounds;
            double right = total[2] / 1e6 / rounds;
            org.guestdiag.reliability.Report.section("50-auth-timing", String.format("## Basic auth timing (bcrypt cost 8, %d interleaved requests each)%n%n"
                    + "| credentials | mean time to answer |%n|---|---:|%n| wrong user | %.1f ms (401) |%n| wrong password | %.1f ms (401) |%n"
                    + "| right (remembered after the first bcrypt, as the exporter-toolkit does) | %.1f ms (200) |%n", rounds, user, password, right));
            // the same work: a wrong user is neither much faster nor much slower than a wrong password. A dummy of another
            // cost shows a 4x gap (cost 10 vs 8); at a load average of 18 equal work measured 1.40, hence 0.5-2
            assertThat(user / password).as("wrong user %.1f ms vs wrong password %.1f ms", user, password).isBetween(0.5, 2.0);
        }
    }

    /** A TLS 1.1 client (openssl, which still speaks it at security level 0) is refused; the same client at 1.2 gets in. */
    @Test
    void tls11ClientIsRefused() throws Exception {
        Path web = config(tlsAndUsers());
        try (GuestdiagServer server = Servers.serve("--root", SNAPSHOT, "--web.config.file", web.toString())) {
            String at = "127.0.0.1:" + server.port();
            assertThat(sClient(at, "-tls1_2").exitValue()).as("the same client at TLS 1.2").isZero();
            for (String old : new String[] {"-tls1_1", "-tls1"}) {
                Process p = sClient(at, old);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as("openssl s_client %s:%n%s", old, out).isNotZero();
                assertThat(out).doesNotContain("Protocol  : TLSv1.1").doesNotContain("Protocol  : TLSv1\n");
            }
        }
    }

    private static Process sClient(String at, String version) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", at, version, "-cipher", "DEFAULT:@SECLEVEL=0", "-brief")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return p;
    }

    private void assertRefused(String yaml, String message) throws IOException {
        Path web = config(yaml);
        StringWriter err = new StringWriter();
        int code = AgentCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("serve", "--root", SNAPSHOT, "--web.listen-address", "127.0.0.1:0", "--web.config.file", web.toString());
        assertThat(code).as("exit code for %s", yaml).isEqualTo(3);
        assertThat(err.toString()).contains("--web.config.file").contains(message);
    }

    /** `promtool check web-config` is the exporter-toolkit's own validator: proof that the format is theirs. */
    private static void promtoolAccepts(Path web) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/promtool"))) return; // the server test still runs; the golden test reports promtool's absence
        Fixtures.run("/usr/bin/promtool", "check", "web-config", web.toString());
    }

    private HttpClient client(String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        SSLParameters params = new SSLParameters();
        params.setProtocols(protocols);
        // 20 s: a cold JVM's first TLS handshake took over 5 s at a load average of 17 on a 2-core CI machine
        return HttpClient.newBuilder().sslContext(ssl).sslParameters(params).connectTimeout(Duration.ofSeconds(20)).build();
    }

    private static HttpResponse<String> get(HttpClient client, GuestdiagServer server, String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
        if (user != null) b.header("Authorization", basic(user, password));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
