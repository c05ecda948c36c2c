package org.guestdiag.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.guestdiag.cli.AgentCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server shows anyone who reaches its port. A real guest's capture with secrets planted where
 * real machines keep them: a LUKS key and a token on the kernel command line (in the log's "Command line:"
 * record and /proc/cmdline), a CIFS share with its server and user in mountinfo, a disk serial. No
 * endpoint may show any of them; {@code diagnose --format json}, read by the person who ran it, keeps the
 * serial but not the log's text either.
 */
class ApiExposureTest {
    private static final String LUKS = "rd.luks.key=/dev/disk/by-id/usb-KEY:0x5eCr3tLuks";
    private static final String TOKEN = "ignition.token=tok-91c3f0a8e7";
    private static final String SHARE = "//nas-7f3a.corp.example/finance";
    private static final String USER = "username=alice-7f3a";
    private static final String SERIAL = "BTRFS-EIO"; // the capture's own virtio_blk serial (qemu serial=)
    // a wwid identifies a disk as a serial does (NVMe's eui., SCSI's naa.): planted, as virtio_blk has none
    private static final String WWID = "naa.6001405f3a7c9e21";
    private static final List<String> ENDPOINTS = List.of("/", "/metrics", "/api/v1/findings", "/api/v1/inventory", "/-/healthy", "/-/ready");

    @TempDir Path dir;

    private Path plantedSecrets() throws Exception {
        Path root = Fixtures.copy("btrfs-blkdebug-eio", dir);
        Path kmsg = root.resolve("dev/kmsg");
        String log = Files.readString(kmsg);
        assertThat(log).contains("Command line: console=ttyS0");
        Files.writeString(kmsg, log.replace("Command line: console=ttyS0", "Command line: console=ttyS0 " + LUKS + " " + TOKEN));
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyS0 " + LUKS + " " + TOKEN + "\n");
        Files.writeString(root.resolve("proc/self/mountinfo"),
                "90 1 0:50 / /srv/finance rw,relatime - cifs " + SHARE + " rw,vers=3.1.1,cache=strict," + USER + ",uid=0,addr=10.20.30.40\n",
                StandardOpenOption.APPEND);
        assertThat(Files.readString(root.resolve("sys/block/vda/serial"))).contains(SERIAL);
        Files.writeString(root.resolve("sys/block/vda/wwid"), WWID + "\n");
        return root;
    }

    @Test
    void noEndpointShowsTheCommandLineSharesOrSerials() throws Exception {
        Path root = plantedSecrets();
        try (GuestdiagServer server = Servers.serve("--root", root.toString())) {
            for (String path : ENDPOINTS) {
                String body = Servers.get(server, path).body();
                assertThat(body).as(path).doesNotContain("0x5eCr3tLuks", "tok-91c3f0a8e7", "Command line", "nas-7f3a", "alice-7f3a",
                        "10.20.30.40", SERIAL, WWID);
            }
            // what the findings need is still there: the btrfs events, with time and device
            String inventory = Servers.get(server, "/api/v1/inventory").body();
            assertThat(inventory).contains("\"btrfs_events\"", "\"kind\" : \"device_errors\"", "\"device\" : \"vda\"", "/srv/finance");
            assertThat(Servers.get(server, "/api/v1/findings").body()).contains("btrfs");
        }
    }

    @Test
    void diagnoseJsonKeepsTheSerialButNeverTheLogText() throws Exception {
        Path root = plantedSecrets();
        StringWriter out = new StringWriter();
        AgentCommand.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
                .execute("diagnose", "--format", "json", "--root", root.toString());
        assertThat(out.toString()).contains(SERIAL, WWID, SHARE).doesNotContain("0x5eCr3tLuks", "tok-91c3f0a8e7", "Command line");
    }
}
