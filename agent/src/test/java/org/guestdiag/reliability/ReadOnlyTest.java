package org.guestdiag.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent writes nothing to the machine it inspects. Two proofs: the source (every native open is
 * O_RDONLY, no Java write API outside the snapshot's own output file, no command run at all, the btrfs
 * ioctl never sets BTRFS_DEV_STATS_RESET), and the running program (`diagnose` and `snapshot` on this
 * machine under strace: no open of anything under /dev, /sys or /proc for writing).
 */
class ReadOnlyTest {
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../checks/src/main/java"));
    /** The one place a file is written: the archive `agent snapshot -o FILE` was asked to write. */
    private static final Map<String, String> WRITES_ALLOWED = Map.of("SnapshotCommand.java", "Files.newOutputStream(output)");
    /**
     * Classes whose whole job is writing the one file the user named: `diagnose --format prometheus -o FILE`
     * for node_exporter's textfile collector (temp file beside it, fsync, rename).
     */
    private static final java.util.Set<String> OUTPUT_WRITERS = java.util.Set.of("AtomicFile.java");
    private static final Pattern WRITE_API = Pattern.compile("Files\\.(write|writeString|newOutputStream|newBufferedWriter|copy|move|delete\\w*|create\\w*)\\("
            + "|FileOutputStream|FileWriter|RandomAccessFile|StandardOpenOption\\.(WRITE|APPEND|CREATE\\w*|TRUNCATE_EXISTING)|FileChannel\\.open"
            + "|ProcessBuilder|Runtime\\.getRuntime\\(\\)\\.exec|O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND");
    private static final Pattern NATIVE_OPEN = Pattern.compile("\\.open\\(([^;]*?),\\s*(O_[A-Z_|\\s]+)\\)");

    @TempDir Path tmp;

    @Test
    void sourceOpensDevicesReadOnlyAndRunsNoCommands() throws IOException {
        List<String> writes = new ArrayList<>();
        List<String> opens = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(f);
                    String name = f.getFileName().toString();
                    if (OUTPUT_WRITERS.contains(name)) continue;
                    Matcher w = WRITE_API.matcher(src);
                    while (w.find()) {
                        String line = src.substring(src.lastIndexOf('\n', w.start()) + 1, src.indexOf('\n', w.start())).strip();
                        if (!line.contains(WRITES_ALLOWED.getOrDefault(name, "\0"))) writes.add(name + ": " + line);
                    }
                    Matcher o = NATIVE_OPEN.matcher(src);
                    while (o.find()) opens.add(name + ": " + o.group(2).replaceAll("\\s", ""));
                    if (src.contains("int O_RDONLY")) assertThat(src).as(name).contains("O_RDONLY = 0;");
                }
            }
        }
        assertThat(writes).as("write APIs, commands or write flags in the agent's code").isEmpty();
        // Kmsg (/dev/kmsg read whole), KmsgTail (/dev/kmsg followed), BtrfsIoctl (the mount point), DevicePassthrough (a disk node, for SMART) and
        // DescriptorRead (Root's bounded read of every file: O_PATH, which opens nothing, then read-only
        // through /proc/self/fd or, without /proc, by the path) are the only native opens, all read-only
        assertThat(opens).hasSize(7).allSatisfy(o -> assertThat(o).containsAnyOf("O_RDONLY", "O_PATH").doesNotContain("O_WRONLY").doesNotContain("O_RDWR"));
        assertThat(opens).filteredOn(o -> o.contains("O_PATH")).hasSize(1);
        String ioctl = Files.readString(Path.of("../checks/src/main/java/org/guestdiag/host/BtrfsIoctl.java"));
        assertThat(ioctl).contains("w.putLong(16, 0);"); // btrfs_ioctl_get_dev_stats.flags: never BTRFS_DEV_STATS_RESET
        Report.section("60-read-only-source", "## Writes nothing: source\n\nNative opens: " + String.join("; ", opens)
                + ". Java write APIs: only `" + WRITES_ALLOWED.get("SnapshotCommand.java") + "` (the archive asked for). Commands run: none. "
                + "btrfs GET_DEV_STATS flags: 0 (no reset).\n");
    }

    @Test
    void diagnoseAndSnapshotOnThisMachineOpenNothingForWriting() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace not installed (Debian package strace)");
        Path trace = tmp.resolve("trace");
        Path archive = tmp.resolve("live.tar.gz");
        Map<String, Integer> opened = new TreeMap<>();
        List<String> forWriting = new ArrayList<>();
        for (String[] args : new String[][] {{"diagnose", "--format", "json"}, {"snapshot", "-o", archive.toString()}}) {
            ChildAgent.Result r = ChildAgent.run(false, Duration.ofMinutes(3),
                    List.of("strace", "-f", "-qq", "-e", "trace=open,openat,openat2,creat,truncate", "-o", trace.toString()), args);
            assertThat(r.exitCode()).as("%s: %s", args[0], r.err()).isIn(0, 1, 2);
            int n = 0;
            for (String l : Files.readAllLines(trace)) {
                Matcher m = Pattern.compile("(open|openat|openat2|creat|truncate)\\((?:AT_FDCWD, )?\"([^\"]*)\"(.*)").matcher(l);
                if (!m.find()) continue;
                String path = m.group(2);
                if (!(path.startsWith("/dev/") || path.startsWith("/sys/") || path.startsWith("/proc/"))) continue;
                // HotSpot itself opens its own process's core dump filter read-write at start (os_linux.cpp,
                // set_coredump_filter): the JVM's setting for its own core files, nothing of the machine inspected
                if (path.equals("/proc/self/coredump_filter")) continue;
                n++;
                String flags = m.group(3);
                if (m.group(1).equals("creat") || m.group(1).equals("truncate") || flags.matches(".*\\b(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND)\\b.*")) {
                    forWriting.add(args[0] + ": " + l.strip());
                }
            }
            opened.put(args[0], n);
        }
        assertThat(opened.get("diagnose")).as("the trace saw the reads (else it proves nothing)").isGreaterThan(20);
        assertThat(forWriting).isEmpty();
        assertThat(archive).exists();
        Report.section("61-read-only-strace", "## Writes nothing: strace of the real program on this machine\n\n"
                + "Opens of /dev, /sys, /proc paths traced: " + opened + "; opened for writing: " + forWriting.size() + ".\n");
    }
}
