package org.guestdiag.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What src/it/lab/disk-images.sh found for one configuration: per stage, the disk images hashed before the
 * boot and after the shutdown, or why they were not compared (the configuration's job writes its disks).
 *
 * @param compared images found byte-identical, over all stages
 * @param changed  the report lines of images that changed (or vanished)
 * @param skipped  why a stage was not compared
 * @param missing  stages without a report (the script did not run: that proves nothing, so it is a failure)
 */
record DiskImages(int compared, List<String> changed, List<String> skipped, List<String> missing) {
    private static final Pattern SUMMARY = Pattern.compile("^images: (\\d+) compared, (\\d+) changed$");

    /** Reads files/disk-images.txt or stageN-files/disk-images.txt under the configuration's snapshots. */
    static DiskImages of(Path snapshots) throws IOException {
        int compared = 0;
        List<String> changed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!Files.isDirectory(snapshots)) return new DiskImages(0, changed, skipped, List.of(snapshots + ": no run"));
        List<Path> stages;
        try (Stream<Path> s = Files.list(snapshots)) {
            stages = s.filter(p -> p.getFileName().toString().endsWith("files") && Files.isDirectory(p)).sorted().toList();
        }
        for (Path stage : stages) {
            Path report = stage.resolve("disk-images.txt");
            if (!Files.isRegularFile(report)) {
                missing.add(stage.getFileName() + ": no disk-images.txt");
                continue;
            }
            for (String l : Files.readAllLines(report)) {
                Matcher m = SUMMARY.matcher(l);
                if (m.matches()) compared += Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
                else if (l.contains(" CHANGED ")) changed.add(stage.getFileName() + ": " + l);
                else if (l.startsWith("images: not compared: ")) skipped.add(l.substring("images: not compared: ".length()));
            }
        }
        return new DiskImages(compared, changed, skipped, missing);
    }

    /** The line for the suite's output and the reliability report. */
    static String summary(Map<String, DiskImages> byConfig) {
        int images = 0;
        int configs = 0;
        List<String> notCompared = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (var e : byConfig.entrySet()) {
            DiskImages d = e.getValue();
            images += d.compared();
            if (!d.skipped().isEmpty()) notCompared.add(e.getKey());
            else if (d.compared() > 0) configs++;
            if (!d.changed().isEmpty() || !d.missing().isEmpty()) bad.add(e.getKey());
        }
        return "Disk images byte-identical before the boot and after the shutdown (sha256), the agent and its SMART "
                + "pass-through having run inside: " + images + " images in " + configs + " configurations with disks"
                + (bad.isEmpty() ? "" : "; CHANGED or not compared in " + bad)
                + (notCompared.isEmpty() ? "" : "; not compared, the job writes its disks by design: " + notCompared) + ".";
    }
}
