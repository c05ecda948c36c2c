package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of calling the agent wrongly that an operator or a monitoring config can produce: exit code 3
 * (UNKNOWN, so Nagios/Icinga does not read it as "OK" or "CRITICAL"), a message on stderr that names
 * what was wrong, nothing on stdout (a plugin's stdout is its verdict), and no stack trace.
 */
class CliMisuseTest {
    static Stream<Arguments> misuse() {
        String snap = Cli.SNAPSHOTS.resolve("ide-piix").toString();
        return Stream.of(
                bad("no subcommand", "Missing subcommand"),
                bad("unknown subcommand", "frobnicate", "frobnicate"),
                bad("unknown flag", "--bogus", "diagnose", "--bogus"),
                bad("flag of another command", "--web.listen-address", "diagnose", "--web.listen-address", ":1"),
                bad("missing flag value", "--format", "diagnose", "--format"),
                bad("bad enum", "xml", "diagnose", "--format", "xml"),
                bad("bad color", "sometimes", "diagnose", "--color", "sometimes"),
                bad("unknown check", "unknown check 'nonsense'", "diagnose", "--check", "nonsense"),
                bad("unknown skip", "unknown check 'cpu'", "diagnose", "--skip", "cpu"),
                bad("empty check list", "--check names no check", "diagnose", "--check", ","),
                bad("timeout not a duration", "'soon' is not a duration", "diagnose", "--timeout", "soon"),
                bad("timeout negative", "'-1s' is not a duration", "diagnose", "--timeout", "-1s"),
                bad("timeout zero", "more than zero", "diagnose", "--timeout", "0s"),
                bad("timeout overflow", "is not a duration", "diagnose", "--timeout", "99999999999999999999h"),
                bad("timeout with no unit", "'10' is not a duration", "diagnose", "--timeout", "10"),
                bad("stray positional", "Unmatched argument", "diagnose", "extra"),
                bad("root missing", "--root /no/such/snapshot: no such directory", "diagnose", "--root", "/no/such/snapshot"),
                bad("root is a file", "not a directory", "diagnose", "--root", "/etc/hostname"),
                bad("procfs missing", "--path.procfs /no/such/proc: no such directory", "diagnose", "--path.procfs", "/no/such/proc"),
                bad("sysfs is a file", "--path.sysfs /etc/hostname: not a directory", "diagnose", "--path.sysfs", "/etc/hostname"),
                bad("rootfs missing (serve)", "--path.rootfs", "serve", "--path.rootfs", "/no/such/root", "--web.listen-address", "127.0.0.1:0"),
                bad("devfs missing (snapshot)", "--path.devfs", "snapshot", "-o", "/tmp/x.tar.gz", "--path.devfs", "/no/such/dev"),
                // another machine's /proc beside this machine's /sys and /dev: the two would be mixed in one diagnosis
                bad("procfs of another machine with live sysfs and devfs", "--path.sysfs, --path.rootfs, --path.devfs would read this machine's",
                        "diagnose", "--path.procfs", snap + "/proc"),
                bad("procfs and sysfs of another machine with live devfs", "--path.devfs would read this machine's; give it too",
                        "diagnose", "--path.procfs", snap + "/proc", "--path.sysfs", snap + "/sys", "--path.rootfs", snap),
                bad("diagnose output in a missing dir", "cannot write /no/such/dir/r.prom: no such directory /no/such/dir",
                        "diagnose", "--root", snap, "-o", "/no/such/dir/r.prom"),
                bad("root given twice", "--root", "diagnose", "--root", snap, "--root", snap),
                bad("snapshot without output", "--output", "snapshot"),
                bad("snapshot output in a missing dir", "/no/such/dir/x.tar.gz", "snapshot", "--root", snap, "-o", "/no/such/dir/x.tar.gz"),
                bad("snapshot bad timeout", "is not a duration", "snapshot", "-o", "/tmp/x.tar.gz", "--timeout", "1y"),
                bad("serve bad port", "65536", "serve", "--root", snap, "--web.listen-address", ":65536"),
                bad("serve port not a number", "http", "serve", "--root", snap, "--web.listen-address", "localhost:http"),
                bad("serve no port", "is not host:port", "serve", "--root", snap, "--web.listen-address", "127.0.0.1"),
                bad("serve missing web config", "no-such-web.yml", "serve", "--root", snap, "--web.listen-address", "127.0.0.1:0",
                        "--web.config.file", "/no/such/no-such-web.yml"),
                bad("serve web config is a directory", "--web.config.file", "serve", "--root", snap, "--web.listen-address", "127.0.0.1:0",
                        "--web.config.file", "/tmp"),
                bad("serve bad interval", "is not a duration", "serve", "--refresh.interval", "often"),
                bad("serve zero timeout", "more than zero", "serve", "--check.timeout", "0ms"),
                bad("serve unknown check", "unknown check 'x'", "serve", "--root", snap, "--check", "x"),
                bad("serve bad log level", "'loud' is not debug, info, warn or error", "serve", "--log.level", "loud"),
                bad("diagnose bad log format", "'text' is not logfmt or json", "diagnose", "--log.format", "text"),
                bad("help of unknown command", "frobnicate", "help", "frobnicate"));
    }

    private static Arguments bad(String name, String says, String... args) {
        return Arguments.of(name, says, args);
    }

    @org.junit.jupiter.api.Timeout(60) // a misuse that slipped through would start a server and never return
    @ParameterizedTest(name = "{0}")
    @MethodSource("misuse")
    void misuseExitsUnknownWithAClearMessage(String name, String says, String[] args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.exitCode()).as("%s: exit code; stderr: %s", name, r.err()).isEqualTo(AgentCommand.UNKNOWN);
        assertThat(r.err()).as(name).contains(says).startsWith("guestdiag");
        assertThat(r.err()).as(name).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("java.").doesNotContain(".tmp");
        assertThat(r.out()).as("%s: stdout", name).isEmpty();
        assertThat(Path.of("/tmp/x.tar.gz")).as(name).doesNotExist();
    }

    /** Server start failures an operator meets: each one line naming the flag, the file or key, and why. */
    @org.junit.jupiter.api.Test
    void serveStartFailuresSayWhatAndWhere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String snap = Cli.SNAPSHOTS.resolve("ide-piix").toString();
        Path broken = java.nio.file.Files.writeString(dir.resolve("broken.yml"), "tls_server_config:\n  cert_file: [x\n");
        Path noCert = java.nio.file.Files.writeString(dir.resolve("nocert.yml"), "tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String inUse = "127.0.0.1:" + taken.getLocalPort();
            String[][] cases = {
                {"cannot listen on no-such-host.invalid:9977: no such host no-such-host.invalid", "--web.listen-address", "no-such-host.invalid:9977"},
                {"cannot listen on " + inUse + ": Address already in use", "--web.listen-address", inUse},
                {"--web.config.file /no/such/web.yml: no such file", "--web.listen-address", "127.0.0.1:0", "--web.config.file", "/no/such/web.yml"},
                {broken + ": line 2, column 16: ", "--web.listen-address", "127.0.0.1:0", "--web.config.file", broken.toString()},
                {"--web.config.file " + noCert + ": tls_server_config.cert_file " + dir.resolve("missing.crt") + ": no such file",
                    "--web.listen-address", "127.0.0.1:0", "--web.config.file", noCert.toString()}};
            for (String[] c : cases) {
                String[] args = new String[c.length + 1];
                args[0] = "serve";
                args[1] = "--root=" + snap;
                System.arraycopy(c, 1, args, 2, c.length - 1);
                Cli.Run r = Cli.run(args);
                assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(AgentCommand.UNKNOWN);
                assertThat(r.err()).as(String.join(" ", args)).startsWith("guestdiag serve: ").contains(c[0])
                        .doesNotContain("Exception", "ERROR", "io.javalin", "\tat ");
                assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            }
        }
    }
}
