package org.guestdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's reading of disk-images.sh reports, on reports made by the script itself. */
class DiskImagesTest {
    private static final Path SCRIPT = Path.of("src/it/lab/disk-images.sh").toAbsolutePath();

    @TempDir Path tmp;

    private int script(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    @Test
    void unchangedChangedAndSkippedImages() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("runs/c"));
        Files.write(run.resolve("d0.img"), new byte[4096]);
        Files.write(run.resolve("d1.img"), new byte[4096]);
        Path same = Files.createDirectories(tmp.resolve("snapshots/same/files"));
        assertThat(script("before", run.toString(), "1")).isZero();
        assertThat(script("after", run.toString(), "1", same.resolve("disk-images.txt").toString())).isZero();

        Path changed = Files.createDirectories(tmp.resolve("snapshots/changed/stage1-files"));
        assertThat(script("before", run.toString(), "2")).isZero();
        Files.write(run.resolve("d1.img"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND); // one byte more
        assertThat(script("after", run.toString(), "2", changed.resolve("disk-images.txt").toString())).isEqualTo(1);
        Files.createDirectories(tmp.resolve("snapshots/changed/stage2-files")); // a stage whose report is missing

        Path skipped = Files.createDirectories(tmp.resolve("snapshots/btrfs/files"));
        assertThat(script("skip", run.toString(), "1", skipped.resolve("disk-images.txt").toString(), "mkfs by design")).isZero();

        Map<String, DiskImages> all = new LinkedHashMap<>();
        for (String c : List.of("same", "changed", "btrfs")) all.put(c, DiskImages.of(tmp.resolve("snapshots").resolve(c)));
        assertThat(all.get("same")).isEqualTo(new DiskImages(2, List.of(), List.of(), List.of()));
        assertThat(all.get("changed").compared()).isEqualTo(1);
        assertThat(all.get("changed").changed()).singleElement().asString().startsWith("stage1-files: d1.img CHANGED before=");
        assertThat(all.get("changed").missing()).containsExactly("stage2-files: no disk-images.txt");
        assertThat(all.get("btrfs").skipped()).containsExactly("mkfs by design");
        assertThat(DiskImages.summary(all)).contains("3 images in 2 configurations with disks").contains("CHANGED or not compared in [changed]")
                .contains("by design: [btrfs]");
    }
}
