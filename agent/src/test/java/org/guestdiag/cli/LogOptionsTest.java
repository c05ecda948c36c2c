package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.guestdiag.http.GuestdiagServer;
import org.guestdiag.log.LogFormat;
import org.guestdiag.log.LogLevel;
import org.guestdiag.log.Logs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --log.format/--log.level}: the server's own lines, on the command's stderr, in the format asked for. */
class LogOptionsTest {
    @AfterEach
    void backToStderr() {
        Logs.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintWriter(System.err, true));
    }

    private static String serveAndStop(String... flags) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AgentCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
        String[] args = new String[flags.length + 4];
        args[0] = "serve";
        args[1] = "--root=" + Cli.SNAPSHOTS.resolve("ide-piix");
        args[2] = "--web.listen-address";
        args[3] = "127.0.0.1:0";
        System.arraycopy(flags, 0, args, 4, flags.length);
        ServeCommand serve = (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
        GuestdiagServer server = serve.start();
        server.close();
        assertThat(out.toString()).as("a server writes logs, not output").isEmpty();
        return err.toString();
    }

    @Test
    void jsonStartLine() throws Exception {
        String err = serveAndStop("--log.format=json");

        JsonNode line = new ObjectMapper().readTree(err.lines().findFirst().orElseThrow());
        assertThat(line.get("level").asText()).isEqualTo("info");
        assertThat(line.get("msg").asText()).matches("guestdiag \\S+ serving http on port \\d+ for snapshot .*ide-piix");
        assertThat(err).doesNotContain("Javalin", "jetty");
    }

    @Test
    void logfmtByDefaultAndQuietAtWarn() throws Exception {
        assertThat(serveAndStop()).startsWith("time=").contains(" level=info msg=\"guestdiag ");
        assertThat(serveAndStop("--log.level=warn")).isEmpty();
    }
}
