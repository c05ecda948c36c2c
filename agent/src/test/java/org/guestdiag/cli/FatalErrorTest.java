package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** An Error out of a command, which picocli does not handle, is one line and exit 3, never a stack trace. */
class FatalErrorTest {
    @CommandLine.Command(name = "broken")
    static final class Broken implements Runnable {
        final Error error;

        Broken(Error error) {
            this.error = error;
        }

        @Override
        public void run() {
            throw error;
        }
    }

    private static String[] run(Error e) {
        StringWriter err = new StringWriter();
        int code = AgentCommand.execute(new CommandLine(new Broken(e)), new String[0], new PrintWriter(err, true));
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void aClassMissingFromABrokenInstallSaysReinstall() {
        String[] r = run(new NoClassDefFoundError("org/eclipse/jetty/server/Server"));
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).isEqualTo("guestdiag: the installed program is incomplete or mixes versions (org/eclipse/jetty/server/Server not found or not loadable): reinstall it"
                + System.lineSeparator());
    }

    @Test
    void otherErrorsAreOneLineToo() {
        assertThat(run(new OutOfMemoryError("Java heap space"))[1]).isEqualTo("guestdiag: out of memory (Java heap space)" + System.lineSeparator());
        String[] r = run(new AssertionError("x"));
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).doesNotContain("\tat ").doesNotContain("java.lang");
    }
}
