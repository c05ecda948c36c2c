package org.guestdiag.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.guestdiag.cli.AgentCommand;

/**
 * The real program in a child JVM, as a user runs it: its own stdout and stderr (where a stack trace
 * would show), its exit code, optionally under {@code setpriv} as nobody:nogroup with no capabilities. The
 * test class path is copied to a world-readable directory first, since ~/.m2 of root is not readable by
 * nobody.
 */
public final class ChildAgent {
    public record Result(int exitCode, String out, String err, Duration took) {
        /** A Java stack trace anywhere in the output: "\tat pkg.Class.method(" or "Exception in thread". */
        public boolean hasStackTrace() {
            String all = out + err;
            return all.matches("(?s).*\\n\\s+at [\\w.$]+\\(.*") || all.contains("Exception in thread") || all.contains("Caused by: ");
        }
    }

    private static Path sharedClassPath;

    private ChildAgent() { }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code agent ARGS}; {@code asNobody} drops to nobody:nogroup (only possible as root). */
    public static Result run(boolean asNobody, Duration limit, List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        if (asNobody) cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", asNobody ? readableClassPath() : System.getProperty("java.class.path"),
                AgentCommand.class.getName()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("agent-out", ".txt");
            Path err = Files.createTempFile("agent-err", ".txt");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("agent " + String.join(" ", args) + " did not finish within " + limit);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - t0));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes {@code dir} and everything under it readable (and directories searchable) by everyone. */
    public static void openToAll(Path dir) {
        exec("chmod", "-R", "a+rX", dir.toString());
        for (Path p = dir; p != null && !p.equals(p.getRoot()); p = p.getParent()) exec("chmod", "a+x", p.toString());
    }

    private static synchronized String readableClassPath() {
        try {
            if (sharedClassPath == null) {
                Path dir = Files.createTempDirectory("guestdiag-cp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                List<String> entries = new ArrayList<>();
                int i = 0;
                for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path src = Path.of(e);
                    if (!Files.exists(src)) continue;
                    Path dst = dir.resolve(i++ + "-" + src.getFileName());
                    exec("cp", "-r", src.toString(), dst.toString());
                    entries.add(dst.toString());
                }
                openToAll(dir);
                sharedClassPath = dir;
                System.setProperty("guestdiag.test.cp", String.join(File.pathSeparator, entries));
            }
            return System.getProperty("guestdiag.test.cp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
