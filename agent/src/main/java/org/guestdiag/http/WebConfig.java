package org.guestdiag.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The web configuration file of the Prometheus exporter-toolkit, as node_exporter users write it:
 * <pre>
 * tls_server_config:
 *   cert_file: server.crt      # PEM, relative to this file's directory
 *   key_file: server.key       # PEM, PKCS#8 or PKCS#1 RSA
 *   min_version: TLS12         # TLS12 (default) or TLS13
 * basic_auth_users:
 *   prometheus: $2y$10$...     # bcrypt hash
 * </pre>
 * Unknown keys are errors, as in the toolkit (it parses strictly): a misspelt security setting must not
 * be silently ignored. Toolkit settings this agent does not implement (client certificates, cipher lists,
 * extra headers) are refused by name rather than ignored, for the same reason.
 */
public record WebConfig(Optional<Tls> tls, Map<String, String> users) {
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");
    private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users", "http_server_config");
    private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "min_version", "max_version", "client_auth_type");
    private static final Set<String> TLS_REFUSED = Set.of("cert", "key", "client_ca_file", "client_ca", "client_allowed_sans",
            "cipher_suites", "curve_preferences", "prefer_server_cipher_suites");

    /** TLS settings; {@code protocols} are the JSSE names from min_version to max_version. */
    public record Tls(Path certFile, Path keyFile, List<String> protocols) { }

    public WebConfig {
        users = Map.copyOf(users);
    }

    public static WebConfig none() {
        return new WebConfig(Optional.empty(), Map.of());
    }

    public boolean authRequired() {
        return !users.isEmpty();
    }

    public static WebConfig load(Path file) throws WebConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new WebConfigException(file + ": " + why(e), e);
        }
        return parse(yaml, file);
    }

    /** The config in {@code yaml}, read from {@code file} (which relative cert and key paths are resolved against). */
    static WebConfig parse(String yaml, Path file) throws WebConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, as an editor shows it, and the parser's own words without its class or the echoed input
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            String what = e.getOriginalMessage() == null ? "not valid YAML" : e.getOriginalMessage().lines().findFirst().orElse("not valid YAML");
            throw new WebConfigException(file + ": " + where + what, e);
        } catch (IOException e) {
            throw new WebConfigException(file + ": " + firstLine(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) return none();
        if (!root.isObject()) throw new WebConfigException(file + ": expected a mapping at the top");
        unknownKeys(file, "", root, TOP, Set.of());
        Path dir = file.toAbsolutePath().getParent();
        Optional<Tls> tls = Optional.empty();
        JsonNode t = root.get("tls_server_config");
        if (t != null && !t.isNull()) tls = Optional.of(tls(file, dir, t));
        JsonNode h = root.get("http_server_config");
        if (h != null && !h.isNull()) unknownKeys(file, "http_server_config.", h, Set.of("http2"), Set.of("headers"));
        Map<String, String> users = new LinkedHashMap<>();
        JsonNode u = root.get("basic_auth_users");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) throw new WebConfigException(file + ": basic_auth_users must map user names to bcrypt hashes");
            for (Iterator<Map.Entry<String, JsonNode>> it = u.fields(); it.hasNext(); ) {
                var e = it.next();
                String hash = e.getValue().asText("");
                if (!BCRYPT.matcher(hash).matches()) {
                    throw new WebConfigException(file + ": basic_auth_users." + e.getKey() + " is not a bcrypt hash ($2y$10$… as htpasswd -nBC 10 writes)");
                }
                int cost = Integer.parseInt(hash.substring(hash.indexOf('$', 1) + 1, hash.indexOf('$', 1) + 3));
                if (cost < 4 || cost > 31) {
                    throw new WebConfigException(file + ": basic_auth_users." + e.getKey() + " has bcrypt cost " + cost + "; bcrypt allows 4 to 31");
                }
                users.put(e.getKey(), hash);
            }
        }
        return new WebConfig(tls, users);
    }

    /** Why a file could not be read, in words: never the exception's class. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return firstLine(e);
    }

    /** An exception's message may be null (an AccessDeniedException without reason, some parser errors). */
    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("unreadable");
    }

    private static Tls tls(Path file, Path dir, JsonNode t) throws WebConfigException {
        if (!t.isObject()) throw new WebConfigException(file + ": tls_server_config must be a mapping");
        unknownKeys(file, "tls_server_config.", t, TLS_KEYS, TLS_REFUSED);
        String cert = text(t, "cert_file");
        String key = text(t, "key_file");
        if (cert.isEmpty()) throw new WebConfigException(file + ": tls_server_config.cert_file is required");
        if (key.isEmpty()) throw new WebConfigException(file + ": tls_server_config.key_file is required");
        String clientAuth = text(t, "client_auth_type");
        if (!clientAuth.isEmpty() && !clientAuth.equals("NoClientCert")) {
            throw new WebConfigException(file + ": tls_server_config.client_auth_type " + clientAuth + " is not supported by guestdiag (only NoClientCert)");
        }
        int min = version(file, "min_version", text(t, "min_version"), 2);
        int max = version(file, "max_version", text(t, "max_version"), 3);
        if (min > max) throw new WebConfigException(file + ": tls_server_config.min_version is above max_version");
        List<String> protocols = new java.util.ArrayList<>();
        for (int v = max; v >= min; v--) protocols.add("TLSv1." + v);
        return new Tls(path(file, dir, "cert_file", cert), path(file, dir, "key_file", key), protocols);
    }

    /** A file named in the config, relative to its directory; a name no path can have (a NUL byte) is a config error. */
    private static Path path(Path file, Path dir, String key, String name) throws WebConfigException {
        try {
            return dir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new WebConfigException(file + ": tls_server_config." + key + " is not a usable path: " + e.getReason());
        }
    }

    /** TLS12 → 2, TLS13 → 3; TLS 1.0 and 1.1 are refused: they are broken and browsers dropped them. */
    private static int version(Path file, String key, String v, int dflt) throws WebConfigException {
        return switch (v) {
            case "" -> dflt;
            case "TLS12" -> 2;
            case "TLS13" -> 3;
            case "TLS10", "TLS11" -> throw new WebConfigException(file + ": tls_server_config." + key + " " + v + " is below TLS 1.2, which guestdiag requires");
            default -> throw new WebConfigException(file + ": tls_server_config." + key + " must be TLS12 or TLS13, not '" + v + "'");
        };
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "" : v.asText("").strip();
    }

    private static void unknownKeys(Path file, String prefix, JsonNode n, Set<String> known, Set<String> refused) throws WebConfigException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (refused.contains(k)) throw new WebConfigException(file + ": " + prefix + k + " is not supported by guestdiag");
            if (!known.contains(k)) throw new WebConfigException(file + ": unknown key " + prefix + k);
        }
    }
}
