package org.guestdiag.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP basic auth against the bcrypt hashes of the web config. An unknown user is checked against a dummy
 * hash, so the time taken does not tell which user names exist, and names are compared in constant time.
 * bcrypt at cost 10 takes ~50 ms: as the exporter-toolkit does, a successful check is remembered (by a
 * SHA-256 of user, password and hash) so a scrape every 15 s does not cost a bcrypt each.
 */
final class BasicAuth {
    private static final int CACHE_LIMIT = 256;

    private final Map<String, String> users;
    /**
     * What an unknown user's password is checked against: a hash of the same cost as the configured ones.
     * A fixed cost-10 dummy made a wrong user 4x faster to reject than a wrong password when the users'
     * hashes were cost 8 (and 4x slower at cost 12): the time told which user names exist.
     */
    private final String dummy;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    BasicAuth(Map<String, String> users) {
        this.users = Map.copyOf(users);
        int cost = users.values().stream().mapToInt(BasicAuth::cost).max().orElse(10);
        this.dummy = new String(BCrypt.withDefaults().hash(cost, "guestdiag-dummy".toCharArray()), StandardCharsets.US_ASCII);
    }

    /** The cost of a {@code $2y$NN$…} hash (WebConfig has checked the shape). */
    private static int cost(String hash) {
        int a = hash.indexOf('$', 1);
        return Integer.parseInt(hash.substring(a + 1, a + 3));
    }

    /** Whether the Authorization header carries a configured user with the right password. */
    boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return false;
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String hash = null;
        for (var e : users.entrySet()) {
            // constant time per name; every name is compared, so the loop's length does not depend on the match
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))) hash = e.getValue();
        }
        String key = digest(user + '\0' + password + '\0' + (hash == null ? "" : hash));
        if (hash != null && verified.contains(key)) return true;
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), (hash == null ? dummy : hash).toCharArray()).verified;
        if (ok && hash != null) {
            if (verified.size() >= CACHE_LIMIT) verified.clear();
            verified.add(key);
            return true;
        }
        return false;
    }

    private static String digest(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
