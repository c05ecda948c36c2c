package org.guestdiag.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every record of the process, slf4j's (the agent's, Jetty's, Javalin's) and java.util.logging's (the checks
 * library's, JNA's), comes out as one line in the chosen format, at the chosen level, without class names.
 */
class LogsTest {
    private final StringWriter out = new StringWriter();

    @AfterEach
    void backToStderr() {
        Logs.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintWriter(System.err, true));
    }

    private List<String> lines() {
        String s = out.toString();
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    @Test
    void slf4jIsBoundToTheAgentsOwnLogger() {
        assertThat(LoggerFactory.getLogger("org.guestdiag.x")).isInstanceOf(Slf4jLogger.class);
    }

    @Test
    void logfmtLineOfTheChecksLibraryNamesTheErrorNotItsClass() {
        Logs.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintWriter(out));
        java.util.logging.Logger.getLogger("org.guestdiag.run.Collector")
                .log(Level.WARNING, "source disks failed", new UncheckedIOException(new IOException("/sys/block: Permission denied")));

        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l).matches("time=\\S+Z level=warn msg=\"source disks failed\" err=\"/sys/block: Permission denied\"");
            assertThat(l).doesNotContain("java.", "Exception", "Collector");
        });
    }

    @Test
    void jsonLinesParseAndCarryTheSameFields() throws Exception {
        Logs.configure(LogLevel.INFO, LogFormat.JSON, new PrintWriter(out));
        LoggerFactory.getLogger("org.guestdiag.cli.ServeCommand").info("serving {} on port {}", "http", 9858);
        LoggerFactory.getLogger("org.guestdiag.metrics.Registry").warn("metric \"a\\b\"\ndropped", new IllegalStateException("clash"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("info");
        assertThat(first.get("msg").asText()).isEqualTo("serving http on port 9858");
        assertThat(first.get("time").asText()).endsWith("Z");
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("msg").asText()).isEqualTo("metric \"a\\b\"\ndropped");
        assertThat(second.get("err").asText()).isEqualTo("clash");
    }

    @Test
    void levelHoldsBackWhatIsBelowIt() {
        Logs.configure(LogLevel.WARN, LogFormat.LOGFMT, new PrintWriter(out));
        var own = LoggerFactory.getLogger("org.guestdiag.cli.ServeCommand");
        own.info("not shown");
        own.debug("not shown either");
        java.util.logging.Logger.getLogger("org.guestdiag.run.Refresher").info("nor this");
        own.error("shown");

        assertThat(lines()).singleElement().asString().contains("level=error msg=shown");
    }

    @Test
    void librariesSpeakOnlyFromWarnUpEvenAtDebug() {
        Logs.configure(LogLevel.DEBUG, LogFormat.LOGFMT, new PrintWriter(out));
        LoggerFactory.getLogger("io.javalin.Javalin").info("Javalin started in 87ms \\o/");
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").debug("doStart");
        java.util.logging.Logger.getLogger("com.sun.jna.Native").fine("Looking in classpath");
        LoggerFactory.getLogger("org.eclipse.jetty.server.HttpChannel").warn("bad request");

        assertThat(lines()).singleElement().asString().endsWith("level=warn msg=\"bad request\"");
    }

    @Test
    void debugAddsTheStackTraceOnTheSameLine() {
        Logs.configure(LogLevel.DEBUG, LogFormat.LOGFMT, new PrintWriter(out));
        LoggerFactory.getLogger("org.guestdiag.cli.ServeCommand").debug("start failed", new IllegalStateException("port taken"));

        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l).contains("level=debug msg=\"start failed\" err=\"port taken\" trace=\"java.lang.IllegalStateException: port taken\\n\\tat ");
            assertThat(l).doesNotContain("\n");
        });
    }

    @Test
    void anErrorWithoutMessageSaysSoInWords() {
        Logs.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintWriter(out));
        LoggerFactory.getLogger("org.guestdiag.x").warn("refresh failed", new RuntimeException(new NullPointerException()));

        assertThat(lines()).singleElement().asString()
                .contains("err=\"unexpected error without a message (--log.level=debug shows where)\"")
                .doesNotContain("NullPointer");
    }

    @Test
    void logfmtQuotesOnlyWhatNeedsIt() {
        Logs.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintWriter(out));
        var l = LoggerFactory.getLogger("org.guestdiag.x");
        l.info("plain");
        l.info("");
        l.info("a=b");
        l.info("tab\there \"quoted\" back\\slash");

        assertThat(lines()).extracting(s -> s.substring(s.indexOf(" msg=") + 5))
                .containsExactly("plain", "\"\"", "\"a=b\"", "\"tab\\there \\\"quoted\\\" back\\\\slash\"");
    }

    @Test
    void levelsAndFormatsAreTheExportersWords() {
        assertThat(LogLevel.parse("warn")).isEqualTo(LogLevel.WARN);
        assertThat(LogFormat.parse("json")).isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> LogLevel.parse("WARNING")).hasMessageContaining("debug, info, warn or error");
        assertThatThrownBy(() -> LogFormat.parse("text")).hasMessageContaining("logfmt or json");
    }
}
