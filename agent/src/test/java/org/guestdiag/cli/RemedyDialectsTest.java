package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.guestdiag.render.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A remedy that tells a Proxmox user what to change on the host tells a libvirt user too (issue 22): on every real
 * capture, no finding has a Proxmox line without a libvirt one.
 */
class RemedyDialectsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.guestdiag.cli.Cli#fixtures")
    void everyProxmoxRemedyHasItsLibvirtLine(String fixture) throws Exception {
        Cli.Run run = Cli.run("diagnose", "--root", Cli.fixture(fixture).toString(), "--format", "json");
        JsonNode tree = Json.MAPPER.readTree(run.out());
        for (JsonNode f : tree.get("findings")) {
            JsonNode r = f.get("remedy");
            if (r == null || r.isNull() || !r.hasNonNull("proxmox")) continue;
            assertThat(r.hasNonNull("libvirt")).as(f.get("id").asText() + " on " + f.get("subject").asText()).isTrue();
        }
    }
}
