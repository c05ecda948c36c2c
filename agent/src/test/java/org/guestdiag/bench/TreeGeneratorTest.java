package org.guestdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.guestdiag.cli.AgentCommand;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small generated tree must read like a real guest: no read problems, every disk found on the bus it was
 * cloned for, distinct device numbers, every symlink resolving. The benchmark's large trees rely on it.
 */
class TreeGeneratorTest {
    static final Path SNAPSHOTS = Path.of("../checks/src/test/snapshots").toAbsolutePath().normalize();

    @Test
    void sixteenDisksDiagnoseWithoutReadProblems(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("tree");
        TreeGenerator.generate(SNAPSHOTS, root, new TreeGenerator.Spec(16, 8, 2, 3));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AgentCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("diagnose", "--root", root.toString(), "--format", "json");
        assertThat(err.toString()).isEmpty();
        JsonNode tree = Json.MAPPER.readTree(out.toString());

        List<String> ids = new ArrayList<>();
        tree.get("findings").forEach(f -> ids.add(f.get("id").asText()));
        assertThat(ids).noneMatch(id -> id.startsWith("agent."));
        tree.get("inventory").fields().forEachRemaining(e -> assertThat(e.getValue().get("status").asText()).as(e.getKey()).isEqualTo("ok"));

        JsonNode disks = tree.get("inventory").get("disks").get("value");
        assertThat(disks).hasSize(16);
        Set<String> devs = new HashSet<>();
        int blk = 0;
        int scsi = 0;
        for (JsonNode d : disks) {
            devs.add(d.get("dev_number").asText());
            String bus = d.get("bus").asText();
            if (bus.equals("virtio_blk")) blk++;
            if (bus.equals("virtio_scsi")) scsi++;
        }
        assertThat(devs).hasSize(16);
        assertThat(blk).isEqualTo(8);
        assertThat(scsi).isEqualTo(8);
        assertThat(tree.get("inventory").get("btrfs").get("value")).hasSize(3);
        assertThat(tree.get("inventory").get("numa").get("value").get("nodes")).hasSize(2);
        assertThat(ids).contains("disk.shared-controller"); // the 8 SCSI disks sit on one controller

        List<Path> dangling = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root.resolve("sys/block"), 1)) {
            s.filter(Files::isSymbolicLink).filter(p -> !Files.exists(p)).forEach(dangling::add);
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void cpuMaskHasTheKernelsShape() {
        assertThat(TreeGenerator.mask(0, 2, 4)).isEqualTo("3");
        assertThat(TreeGenerator.mask(2, 2, 4)).isEqualTo("c");
        assertThat(TreeGenerator.mask(32, 32, 64)).isEqualTo("ffffffff,00000000");
        assertThat(TreeGenerator.mask(0, 1, 40)).isEqualTo("00,00000001");
    }
}
