package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.guestdiag.render.Json;
import org.guestdiag.render.Exposure;
import org.guestdiag.render.JsonReport;
import org.guestdiag.render.JsonWriter;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Test;

/** The JSON API, probes, refresh and content negotiation of {@code agent serve} on a snapshot. */
class ServeEndpointsTest {
    @Test
    void acceptEncodingIsReadAsRfc9110Says() {
        assertThat(GuestdiagServer.acceptsGzip("gzip")).isTrue();
        assertThat(GuestdiagServer.acceptsGzip("deflate, gzip;q=0.5")).isTrue();
        assertThat(GuestdiagServer.acceptsGzip("*")).isTrue();
        assertThat(GuestdiagServer.acceptsGzip("GZIP ; q=1")).isTrue();
        assertThat(GuestdiagServer.acceptsGzip(null)).isFalse();
        assertThat(GuestdiagServer.acceptsGzip("identity")).isFalse();
        assertThat(GuestdiagServer.acceptsGzip("br, deflate")).isFalse();
        assertThat(GuestdiagServer.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(GuestdiagServer.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(GuestdiagServer.acceptsGzip("gzipx")).isFalse();
    }

    /**
     * GET /metrics in every format and coding: the headers a scrape relies on, and the same exposition
     * whether gzip-compressed or not; a POST is a wrong method.
     */
    @Test
    void theScrapeAnswersEveryFormatAndCoding() throws Exception {
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve("ide-piix").toString())) {
            String om = "application/openmetrics-text; version=1.0.0";
            for (String[] accept : new String[][] {{}, {"Accept", om}}) {
                String plain = null;
                for (boolean gzip : new boolean[] {false, true}) {
                    String[] ask = gzip ? java.util.stream.Stream.concat(java.util.Arrays.stream(accept), java.util.stream.Stream.of("Accept-Encoding", "gzip")).toArray(String[]::new) : accept;
                    HttpResponse<byte[]> r = bytes(server, "/metrics", ask);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(accept.length == 0 ? "text/plain; version=0.0.4" : "application/openmetrics-text"));
                    assertThat(r.headers().firstValue("Content-Encoding")).isEqualTo(gzip ? java.util.Optional.of("gzip") : java.util.Optional.empty());
                    assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
                    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                    String body = text(r);
                    if (accept.length > 0) assertThat(body).endsWith("# EOF\n").containsOnlyOnce("# EOF");
                    if (plain == null) plain = GoldenMetricsTest.stable(body);
                    else assertThat(GoldenMetricsTest.stable(body)).isEqualTo(plain);
                }
            }
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
            assertThat(HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    private static HttpResponse<byte[]> bytes(GuestdiagServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) throws java.io.IOException {
        if (r.headers().firstValue("Content-Encoding").isEmpty()) return new String(r.body(), StandardCharsets.UTF_8);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void endpointsServeTheLatestDiagnosis() throws Exception {
        try (GuestdiagServer server = Servers.serve("--root", Servers.SNAPSHOTS.resolve("ide-piix").toString())) {
            Diagnosis d = server.refresher().latest().orElseThrow();
            HttpResponse<String> findings = Servers.get(server, "/api/v1/findings");
            assertThat(findings.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode f = Json.MAPPER.readTree(findings.body());
            assertThat(f.fieldNames()).toIterable().containsExactlyInAnyOrder("status", "counts", "findings", "checks");
            assertThat(f.get("status").asText()).isEqualTo("critical");
            assertThat(f.get("findings")).hasSize(d.findings().size());
            assertThat(f.get("findings").get(0).get("id").asText()).isEqualTo(d.findings().get(0).id());
            assertThat(Json.MAPPER.readTree(Servers.get(server, "/api/v1/inventory").body()))
                    .isEqualTo(Json.MAPPER.readTree(JsonWriter.toJsonBytes(JsonReport.inventory(server.refresher().latest().orElseThrow().inventory()), Exposure.NETWORK)));

            assertThat(Servers.get(server, "/-/healthy").statusCode()).isEqualTo(200);
            assertThat(Servers.get(server, "/-/ready").statusCode()).isEqualTo(200);
            assertThat(Servers.get(server, "/nothing-here").statusCode()).isEqualTo(404);

            HttpResponse<String> om = Servers.get(server, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(om.body()).endsWith("# EOF\n").contains("guestdiag_disk_info{");

            // gzip as Prometheus asks for it: the same exposition as plain text, assembled from cached pieces
            HttpResponse<byte[]> gz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String inflated;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
                inflated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String plain = Servers.get(server, "/metrics").body();
            assertThat(GoldenMetricsTest.stable(inflated)).isEqualTo(GoldenMetricsTest.stable(plain));
            assertThat(Servers.get(server, "/metrics").headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(Servers.get(server, "/metrics", "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();

            long before = server.refresher().refreshes();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/-/refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
            assertThat(HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.refresher().refreshes() == before && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(server.refresher().refreshes()).as("a refresh ran on request").isGreaterThan(before);
        }
    }
}
