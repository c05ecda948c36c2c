package org.guestdiag.http;

/**
 * {@code --web.listen-address} as node_exporter writes it: {@code :9977} (all interfaces),
 * {@code 127.0.0.1:9977}, {@code [::1]:9977}. Port 0 picks a free port (tests).
 */
public record ListenAddress(String host, int port) {
    /** guestdiag's default port: in the exporters' 9100-9999 range, away from node_exporter (9100) and smartctl_exporter (9633). */
    public static final int DEFAULT_PORT = 9977;

    public static ListenAddress parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("'" + s + "' is not host:port or :port");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "': port is not a number");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("'" + s + "': port out of range");
        return new ListenAddress(host.isEmpty() ? null : host, port);
    }
}
