package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.guestdiag.reliability.Report;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The --web.config.file parser under Jazzer: any YAML gives a config or a {@link WebConfigException}
 * naming the file (which `agent serve` prints and exits 3 on), never another exception, because a
 * security setting that crashes the start with a stack trace is not a clear config error. Seeds in
 * WebConfigFuzzTestInputs/webConfig: the shapes the toolkit documents, good and bad.
 */
class WebConfigFuzzTest {
    private static final Path FILE = Path.of("/etc/guestdiag/web.yml");
    private static final AtomicLong INPUTS = new AtomicLong();

    @AfterAll
    static void report() {
        Report.fuzzed("webconfig", "webConfig", INPUTS.get());
    }

    @FuzzTest
    void webConfig(byte[] in) {
        INPUTS.incrementAndGet();
        WebConfig c;
        try {
            c = WebConfig.parse(new String(in, StandardCharsets.UTF_8), FILE);
        } catch (WebConfigException e) {
            assertThat(e.getMessage()).startsWith(FILE + ": ");
            return;
        }
        assertThat(c.users()).allSatisfy((user, hash) -> assertThat(hash).startsWith("$2"));
        c.tls().ifPresent(t -> assertThat(t.protocols()).isNotEmpty().allMatch(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3")));
    }

    /** The seed with TLS and a user really parses: the fuzzer starts from valid configs, not only from errors. */
    @Test
    void theValidSeedParses() throws Exception {
        Path seed = Path.of("src/test/resources/org/guestdiag/http/WebConfigFuzzTestInputs/webConfig/tls-and-auth.yml");
        WebConfig c = WebConfig.load(seed);
        assertThat(c.users()).containsOnlyKeys("prometheus");
        assertThat(c.tls()).hasValueSatisfying(t -> assertThat(t.protocols()).containsExactly("TLSv1.3", "TLSv1.2"));
    }
}
