package org.guestdiag.lab;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.guestdiag.reliability.Report;
import org.guestdiag.render.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The acceptance suite on real guests: boots each lab configuration (src/it/lab/configs.sh) under QEMU,
 * runs the built agent inside the guest at the moment of interest (after injected failures), brings its
 * JSON back and checks it against src/it/lab/expected.txt. Guests run two at a time on the 2 cores. Every
 * disk image must be byte-identical before the boot and after the shutdown (src/it/lab/disk-images.sh),
 * except in the configurations whose own job writes its disks (WRITES_DISKS in configs.sh).
 *
 * <p>Each {@code kernel} line of expected.txt names a Debian kernel series and the configurations booted with
 * it: the first (the pinned default) boots every configuration, into target/lab; the others a representative
 * set, into target/lab-SERIES. src/it/lab/kernel.sh finds the kernel in /boot or fetches it with apt-get.
 *
 * <p>System properties: {@code lab.configs} (comma list; default every configuration in expected.txt),
 * {@code lab.kernels} (comma list of series; default every kernel line), {@code lab.parallel} (default 2),
 * {@code lab.accel} (tcg|kvm), {@code lab.skip=true}, and
 * {@code lab.updateFixtures=true} to replace checks/src/test/snapshots/CONFIG with the agent's own
 * snapshot taken in the guest, so the unit tests' fixtures stay real captures.
 */
class RealGuestIT {
    static final Path LAB = Path.of("src/it/lab").toAbsolutePath();
    static final Path OUT = Path.of("target/lab").toAbsolutePath();
    static final Path JAR = Path.of("target/guestdiag-agent.jar").toAbsolutePath();
    static final Path FIXTURES = Path.of("../checks/src/test/snapshots").toAbsolutePath().normalize();

    record Run(String config, int exitCode, double seconds, String log) { }

    /** One configuration booted with one kernel; {@code out} is that kernel's run-config.sh OUTROOT. */
    record Boot(String config, Expectation.Kernel kernel, boolean isDefault, Path out) {
        String name() {
            return isDefault ? config : config + "@" + kernel.series();
        }
    }

    @TestFactory
    Stream<DynamicTest> realGuests() throws Exception {
        assumeTrue(!Boolean.getBoolean("lab.skip"), "lab.skip=true");
        assumeTrue(onPath("qemu-system-x86_64"), "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)");
        assumeTrue(Files.isRegularFile(JAR), "agent jar not built: run mvn verify, not mvn test");
        Expectation.Table table = Expectation.read(LAB.resolve("expected.txt"));
        List<Boot> boots = selected(table);
        Map<String, String> kver = new LinkedHashMap<>();
        for (Expectation.Kernel k : boots.stream().map(Boot::kernel).distinct().toList()) {
            Path out = boots.stream().filter(b -> b.kernel().equals(k)).findFirst().orElseThrow().out();
            kver.put(k.series(), prepare(k, out));
        }
        Map<String, Run> runs = bootAll(boots);
        printTimings(boots, runs, kver);
        Map<String, DiskImages> disks = new LinkedHashMap<>();
        for (Boot b : boots) disks.put(b.name(), DiskImages.of(b.out().resolve("snapshots").resolve(b.config())));
        // printed with the section, into the build log
        Report.section("62-read-only-lab-disks", "## Writes nothing: disk images of real guests\n\n" + DiskImages.summary(disks) + "\n");
        List<DynamicTest> tests = new ArrayList<>();
        for (Boot b : boots) {
            List<Expectation> mine = table.of(b.config(), b.kernel().series());
            tests.add(DynamicTest.dynamicTest(b.name() + " (" + kver.get(b.kernel().series()) + ")",
                    () -> verify(b, runs.get(b.name()), mine, disks.get(b.name()))));
        }
        return tests.stream();
    }

    /** Every selected configuration on every selected kernel that runs it, the default kernel's boots first. */
    private static List<Boot> selected(Expectation.Table table) {
        List<String> inTable = table.configs();
        String p = System.getProperty("lab.configs", "").strip();
        List<String> want = p.isEmpty() || p.equals("all") ? inTable : List.of(p.split(","));
        for (String w : want) if (!inTable.contains(w)) throw new IllegalArgumentException("no expectations for lab config " + w);
        String pk = System.getProperty("lab.kernels", "").strip();
        List<String> series = table.kernels().stream().map(Expectation.Kernel::series).toList();
        List<String> kernels = pk.isEmpty() || pk.equals("all") ? series : List.of(pk.split(","));
        for (String k : kernels) if (!series.contains(k)) throw new IllegalArgumentException("no kernel line for lab kernel " + k);
        List<Boot> boots = new ArrayList<>();
        for (Expectation.Kernel k : table.kernels()) {
            if (!kernels.contains(k.series())) continue;
            boolean isDefault = k.equals(table.defaultKernel());
            Path out = isDefault ? OUT : OUT.resolveSibling("lab-" + k.series());
            for (String c : want) if (table.configs(k).contains(c)) boots.add(new Boot(c, k, isDefault, out));
        }
        return boots;
    }

    /**
     * Finds or fetches the kernel (kernel.sh) and builds its initramfs into OUT/build unless that one is of the
     * same kernel and newer than the guest's files. Returns the kernel's version.
     */
    private static String prepare(Expectation.Kernel k, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Run found = exec(out.resolve("kernel.log"), "kernel-" + k.series(),
                List.of("bash", LAB.resolve("kernel.sh").toString(), k.series(), k.suite()), 1800);
        String[] vr = found.log().strip().lines().reduce((a, b) -> b).orElse("").split(" ");
        if (found.exitCode() != 0 || vr.length != 2) fail("no Debian " + k.series() + " kernel (kernel.sh " + k.series() + " " + k.suite() + "):\n" + found.log());
        Path build = out.resolve("build");
        Path built = build.resolve("KVER");
        boolean same = Files.isRegularFile(built) && Files.readString(built).strip().equals(vr[0]);
        if (!same || stale(build.resolve("initramfs.cpio.gz"))) {
            Run b = exec(out.resolve("build-initramfs.log"), "build-initramfs",
                    List.of("bash", LAB.resolve("build-initramfs.sh").toString(), build.toString(), vr[0], vr[1]), 600);
            if (b.exitCode() != 0) fail("building the guest initramfs for " + vr[0] + " failed:\n" + b.log());
        }
        return vr[0];
    }

    private static Map<String, Run> bootAll(List<Boot> boots) throws Exception {
        int parallel = Integer.getInteger("lab.parallel", 2);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Map<String, Future<Run>> futures = new LinkedHashMap<>();
        // both files travel through the 9p share into the guest's /tmp: the host root is visible in the guest,
        // but its /tmp is not (the chroot mounts a tmpfs there), and a CI checkout may well live under /tmp
        String agent = "sh /tmp/agent-in-guest.sh /tmp/" + JAR.getFileName();
        String files = LAB.resolve("agent-in-guest.sh") + " " + JAR;
        for (Boot b : boots) {
            List<String> cmd = List.of("bash", LAB.resolve("run-config.sh").toString(), "--accel", System.getProperty("lab.accel", "tcg"),
                    "--timeout", "900", "--agent", agent, "--agent-files", files, b.config(), b.out().toString());
            futures.put(b.name(), pool.submit(() -> exec(b.out().resolve(b.config() + ".log"), b.name(), cmd, 1200)));
        }
        Map<String, Run> runs = new LinkedHashMap<>();
        for (var e : futures.entrySet()) runs.put(e.getKey(), e.getValue().get());
        pool.shutdown();
        return runs;
    }

    private static Run exec(Path log, String name, List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        return new Run(name, done ? p.exitValue() : -1, s, Files.readString(log));
    }

    private static void verify(Boot boot, Run run, List<Expectation> expectations, DiskImages disks) throws IOException {
        String config = boot.name();
        Optional<Path> agentDir = agentDir(boot);
        if (!disks.changed().isEmpty()) {
            fail(config + ": disk images changed while the guest ran (the agent must write nothing):\n  "
                    + String.join("\n  ", disks.changed()) + "\n" + context(boot, run, agentDir));
        }
        Path json = agentDir.map(d -> d.resolve("diagnose.json")).orElse(null);
        if (run.exitCode() != 0 || json == null || !Files.isRegularFile(json) || Files.size(json) == 0) {
            fail(config + ": the guest or the agent did not complete (run-config rc=" + run.exitCode() + ")\n" + context(boot, run, agentDir));
        }
        JsonNode d;
        try {
            d = Json.MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            fail(config + ": agent output is not JSON: " + e.getMessage() + "\n" + context(boot, run, agentDir));
            return;
        }
        Path ioctlJson = agentDir.get().resolve("diagnose-ioctl.json");
        JsonNode ioctl = Files.isRegularFile(ioctlJson) && Files.size(ioctlJson) > 0 ? Json.MAPPER.readTree(ioctlJson.toFile()) : null;
        List<String> problems = new ArrayList<>();
        for (Expectation e : expectations) {
            for (String m : VerdictMatcher.mismatches(e, d, ioctl)) problems.add("expected.txt:" + e.line() + " " + m);
        }
        for (JsonNode c : d.get("checks")) {
            if (!c.get("status").asText().equals("ok")) problems.add("check " + c.get("check").asText() + " " + c.get("status").asText() + ": " + c.path("reason").asText());
        }
        problems.addAll(disks.missing());
        if (!problems.isEmpty()) fail(config + ":\n  " + String.join("\n  ", problems) + "\n" + context(boot, run, agentDir));
        // the fixtures are the default kernel's captures: one per configuration
        if (Boolean.getBoolean("lab.updateFixtures") && boot.isDefault()) updateFixture(boot.config(), agentDir.get());
    }

    /** The agent's outputs of the last stage: files/agent or stageN-files/agent. */
    private static Optional<Path> agentDir(Boot boot) throws IOException {
        Path snaps = boot.out().resolve("snapshots").resolve(boot.config());
        if (!Files.isDirectory(snaps)) return Optional.empty();
        try (Stream<Path> s = Files.list(snaps)) {
            return s.filter(p -> Files.isDirectory(p.resolve("agent"))).map(p -> p.resolve("agent"))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    /** What a person needs to see when a configuration fails: the guest console and the agent's own output. */
    private static String context(Boot boot, Run run, Optional<Path> agentDir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("--- run-config output (tail)\n").append(tail(run.log(), 30));
        Path runs = boot.out().resolve("runs").resolve(boot.config());
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path console : s.filter(p -> p.getFileName().toString().startsWith("console-stage")).sorted().toList()) {
                    b.append("--- ").append(console.getFileName()).append(" (tail)\n").append(tail(Files.readString(console), 40));
                }
            }
        }
        if (agentDir.isPresent()) {
            for (String f : List.of("console.txt", "diagnose.err", "times.txt", "run.txt")) {
                Path p = agentDir.get().resolve(f);
                if (Files.isRegularFile(p)) b.append("--- agent ").append(f).append('\n').append(tail(Files.readString(p), 40));
            }
        }
        return b.toString();
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", java.util.Arrays.asList(l).subList(Math.max(0, l.length - lines), l.length)) + "\n";
    }

    private static void printTimings(List<Boot> boots, Map<String, Run> runs, Map<String, String> kver) throws IOException {
        StringBuilder t = new StringBuilder("| config | kernel | boot+run wall s | agent diagnose s | agent snapshot s |\n|---|---|---|---|---|\n");
        Map<String, Double> perKernel = new LinkedHashMap<>();
        for (Boot b : boots) {
            Run r = runs.get(b.name());
            perKernel.merge(kver.get(b.kernel().series()), r.seconds(), Double::sum);
            String diag = "-";
            String snap = "-";
            Optional<Path> dir = agentDir(b);
            if (dir.isPresent() && Files.isRegularFile(dir.get().resolve("times.txt"))) {
                for (String l : Files.readAllLines(dir.get().resolve("times.txt"))) {
                    var m = java.util.regex.Pattern.compile("^([\\w-]+) rc=\\d+ start=([\\d.]+) end=([\\d.]+)").matcher(l);
                    if (!m.find()) continue;
                    String secs = String.format(java.util.Locale.ROOT, "%.1f", Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(2)));
                    if (m.group(1).equals("diagnose")) diag = secs;
                    else if (m.group(1).equals("snapshot")) snap = secs;
                }
            }
            t.append(String.format(java.util.Locale.ROOT, "| %s | %s | %.1f | %s | %s |%n", b.config(), kver.get(b.kernel().series()), r.seconds(), diag, snap));
        }
        // guest seconds summed per kernel: the suite's wall time is about their total over lab.parallel
        perKernel.forEach((k, s) -> t.append(String.format(java.util.Locale.ROOT, "| (all on %s) | %s | %.1f | | |%n", k, k, s)));
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("timings.md"), t);
        System.out.println("Real-guest suite timings (TCG unless -Dlab.accel=kvm):\n" + t);
    }

    private static void updateFixture(String config, Path agentDir) throws IOException {
        Path archive = agentDir.resolve("snapshot.tar.gz");
        if (!Files.isRegularFile(archive)) fail(config + ": no agent snapshot to update the fixture from");
        Path dst = FIXTURES.resolve(config);
        if (Files.exists(dst)) {
            try (Stream<Path> s = Files.walk(dst)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        Files.createDirectories(dst);
        try {
            Run r = exec(OUT.resolve("untar-" + config + ".log"), "untar-" + config, List.of("tar", "xzf", archive.toString(), "-C", dst.toString()), 120);
            if (r.exitCode() != 0) fail("extracting " + archive + " failed: " + r.log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fillEmptyDirectories(dst, agentDir.getParent());
        System.out.println("updated fixture " + dst + " from the agent's snapshot in the guest");
    }

    /**
     * Git keeps no empty directory, and the agent's snapshot holds the entries of a directory it only listed as empty
     * directories: blk-mq's {@code mq/0 … mq/N}, counted as the disk's hardware queues, would be gone from a fresh
     * clone. Each such directory gets the files the lab's own capture of the same boot has at the same path.
     */
    private static void fillEmptyDirectories(Path fixture, Path filesDir) throws IOException {
        // the lab's tree of the same stage: files/ goes with NAME/, stageN-files/ with stageN-NAME/
        String files = filesDir.getFileName().toString();
        String stage = files.equals("files") ? "" : files.substring(0, files.length() - "files".length());
        Optional<Path> lab;
        try (Stream<Path> s = Files.list(filesDir.getParent())) {
            lab = s.filter(p -> Files.isDirectory(p.resolve("sys")))
                    .filter(p -> stage.isEmpty() ? !p.getFileName().toString().startsWith("stage") : p.getFileName().toString().startsWith(stage))
                    .findFirst();
        }
        if (lab.isEmpty()) return;
        List<Path> empty;
        try (Stream<Path> s = Files.walk(fixture)) {
            empty = s.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(RealGuestIT::isEmptyDirectory).toList();
        }
        for (Path d : empty) {
            Path from = lab.get().resolve(fixture.relativize(d).toString());
            if (!Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            try (Stream<Path> in = Files.list(from)) {
                for (Path f : in.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Files.copy(f, d.resolve(f.getFileName().toString()));
                }
            }
        }
    }

    private static boolean isEmptyDirectory(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The initramfs carries guest/init and guest/lib.sh: rebuild it when they or the build script changed. */
    private static boolean stale(Path initramfs) throws IOException {
        if (!Files.exists(initramfs)) return true;
        var built = Files.getLastModifiedTime(initramfs);
        try (Stream<Path> s = Stream.concat(Stream.of(LAB.resolve("build-initramfs.sh")), Files.list(LAB.resolve("guest")))) {
            for (Path p : s.toList()) if (Files.getLastModifiedTime(p).compareTo(built) > 0) return true;
        }
        return false;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
