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

    /**
     * A capture holding each secret a real machine keeps where the readers read: a LUKS key and a token on the
     * kernel command line, the host name (systemd's log line, /etc/hostname), MAC, IPv4 and IPv6 addresses in
     * the log, an NFS and a CIFS mount with server, user and address. After --redact none is left anywhere in
     * the archive, and the snapshot still diagnoses as the same machine.
     */
    @Test
    void redactRemovesCommandLineAddressesAndHostNames() throws Exception {
        Path root = tmp.resolve("secrets");
        assertThat(new ProcessBuilder("cp", "-a", Cli.fixture("btrfs-blkdebug-eio").toString(), root.toString()).start().waitFor()).isZero();
        Path kmsg = root.resolve("dev/kmsg");
        String log = Files.readString(kmsg).replace("Command line: console=ttyS0", "Command line: console=ttyS0 rd.luks.key=Zk9sZWtleQ iscsi_password=hunter22x")
                + "[    5.100000] systemd[1]: Hostname set to <nas-7f3a.home.example>.\n"
                + "[    5.200000] e1000 0000:00:03.0 eth0: (PCI:33MHz:32-bit) 52:54:00:ab:cd:ef\n"
                + "[    6.300000] nfs: server 198.51.100.77 not responding, still trying\n"
                + "[    6.400000] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready fe80::5054:ff:feab:cdef\n"
                + "[    6.500000] CIFS: VFS: \\\\nas-7f3a\\finance error -13 on ioctl\n";
        Files.writeString(kmsg, log);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "nas-7f3a\n");
        Files.writeString(root.resolve("proc/self/mountinfo"), Files.readString(root.resolve("proc/self/mountinfo"))
                + "90 1 0:50 / /srv/finance rw,relatime - cifs //nas-7f3a/finance rw,vers=3.1.1,username=alice-q9,addr=198.51.100.77\n"
                + "91 1 0:51 / /srv/media rw,relatime - nfs4 filer-q9.corp.example:/export/media rw,vers=4.2,clientaddr=203.0.113.9,addr=198.51.100.78\n");
        Path archive = tmp.resolve("secrets.tar.gz");
        Cli.Run snap = Cli.run("snapshot", "--redact", "--root", root.toString(), "-o", archive.toString());
        assertThat(snap.exitCode()).as(snap.err()).isZero();
        Path dir = extract(archive);
        StringBuilder all = new StringBuilder();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) all.append(p).append('\n').append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertThat(all.toString()).contains("Command line: [redacted]", "Hostname set to <redacted-host>", "/srv/finance")
                .doesNotContain("Zk9sZWtleQ", "hunter22x", "nas-7f3a", "52:54:00:ab:cd:ef", "198.51.100.77", "198.51.100.78", "203.0.113.9",
                        "fe80::5054", "alice-q9", "filer-q9");
        // the same machine: the findings are those of the unredacted capture
        Cli.Run before = Cli.run("diagnose", "--root", root.toString(), "--format", "json");
        Cli.Run after = Cli.run("diagnose", "--root", dir.toString(), "--format", "json");
        assertThat(after.exitCode()).isEqualTo(before.exitCode());
        assertThat(ids(after.out())).isEqualTo(ids(before.out()));
    }

    private static java.util.List<String> ids(String json) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode f : Json.MAPPER.readTree(json).get("findings")) ids.add(f.get("id").asText() + " " + f.get("severity").asText());
        return ids;
    }
}
