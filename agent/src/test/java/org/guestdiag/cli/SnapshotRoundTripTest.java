package org.guestdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot holds what the readers read: diagnosing the extracted archive gives the same inventory. */
class SnapshotRoundTripTest {
    @TempDir Path tmp;

    private Path extract(Path archive) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("x-" + archive.getFileName()));
        // GNU tar, as a user would extract it
        Process p = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return dir;
    }

    private static JsonNode inventory(String... rootArgs) throws Exception {
        String[] args = new String[rootArgs.length + 3];
        args[0] = "diagnose";
        System.arraycopy(rootArgs, 0, args, 1, rootArgs.length);
        args[args.length - 2] = "--format";
        args[args.length - 1] = "json";
        JsonNode tree = Json.MAPPER.readTree(Cli.run(args).out());
        DiagnoseGoldenTest.stripVolatile(tree);
        return tree;
    }

    @Test
    void fixtureSurvivesTheRoundTrip() throws Exception {
        for (String fixture : new String[] {"virtio-scsi-shared", "ide-piix", "btrfs-blkdebug-eio", "numa2"}) {
            Path archive = tmp.resolve(fixture + ".tar.gz");
            Cli.Run r = Cli.run("snapshot", "--root", Cli.fixture(fixture).toString(), "-o", archive.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            Path dir = extract(archive);
            assertThat(inventory("--root", dir.toString())).as(fixture).isEqualTo(inventory("--root", Cli.fixture(fixture).toString()));
            Path block = Cli.fixture(fixture).resolve("sys/block");
            if (!Files.isDirectory(block)) continue; // numa2 has no disks
            try (var disks = Files.list(block)) {
                for (Path d : disks.toList()) {
                    assertThat(Files.isSymbolicLink(dir.resolve("sys/block").resolve(d.getFileName().toString()))).as(d.toString()).isTrue();
                }
            }
        }
    }

    @Test
    void liveMachineSurvivesTheRoundTrip() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/block")), "a Linux machine");
        Path archive = tmp.resolve("live.tar.gz");
        assertThat(Cli.run("snapshot", "-o", archive.toString()).exitCode()).isZero();
        Path dir = extract(archive);
        JsonNode fromSnapshot = inventory("--root", dir.toString());
        // the live kernel log and mounts move between two runs; the static sources must match exactly
        JsonNode live = inventory();
        for (String source : new String[] {"cpu", "numa", "disks", "nics", "hypervisor", "crypto"}) {
            assertThat(fromSnapshot.at("/inventory/" + source)).as(source).isEqualTo(live.at("/inventory/" + source));
        }
    }

    @Test
    void redactReplacesSerialsAndUuids() throws Exception {
        Path archive = tmp.resolve("r.tar.gz");
        assertThat(Cli.run("snapshot", "--redact", "--root", Cli.fixture("btrfs-blkdebug-eio").toString(), "-o", archive.toString()).exitCode()).isZero();
        Path dir = extract(archive);
        String listing;
        try (var s = Files.walk(dir)) {
            listing = String.join("\n", s.map(Path::toString).toList());
        }
        assertThat(listing).doesNotContain("742c1548-5785-4d7d-9a3b-f9186bd82455");
        assertThat(Files.readString(dir.resolve("sys/block/vda/serial"))).startsWith("REDACTED-").doesNotContain("BTRFS-EIO");
        Cli.Run d = Cli.run("diagnose", "--root", dir.toString(), "--format", "json");
        assertThat(d.out()).doesNotContain("BTRFS-EIO").doesNotContain("742c1548");
    }
}
