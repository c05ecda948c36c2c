package org.guestdiag.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent writes nothing to the machine it inspects. Two proofs: the compiled classes (no JDK call that
 * writes a file or runs a command outside the two that write the one file the user named), and the running
 * program (`diagnose` and `snapshot` on this machine under strace: no open of anything under /dev, /sys or
 * /proc for writing). Native open flags are constants the compiler folds into the call, invisible in the
 * bytecode: the trace is their proof. The btrfs ioctl's flags are BtrfsIoctlTest's.
 */
class ReadOnlyTest {
    private static final String SNAPSHOT = "org.guestdiag.cli.SnapshotCommand";
    /** `diagnose --format prometheus -o FILE` for node_exporter's textfile collector: temp file beside it, fsync, rename. */
    private static final String ATOMIC_FILE = "org.guestdiag.cli.AtomicFile";
    private static final Set<String> FILES_WRITES = Set.of("write", "writeString", "newOutputStream", "newBufferedWriter", "copy", "move",
            "delete", "deleteIfExists", "createFile", "createDirectory", "createDirectories", "createTempFile", "createTempDirectory",
            "createLink", "createSymbolicLink", "setAttribute", "setLastModifiedTime", "setOwner", "setPosixFilePermissions");
    private static final Set<String> WRITE_OPTIONS = Set.of("WRITE", "APPEND", "CREATE", "CREATE_NEW", "TRUNCATE_EXISTING", "DELETE_ON_CLOSE");
    private static final Set<String> WRITERS = Set.of("java.io.FileOutputStream", "java.io.FileWriter", "java.io.RandomAccessFile",
            "java.io.PrintWriter", "java.lang.ProcessBuilder");

    @TempDir Path tmp;

    /** What an access does that the agent must not: empty when it only reads. */
    static Optional<String> write(JavaAccess<?> a) {
        String owner = a.getTargetOwner().getName();
        String name = a.getName();
        if (owner.equals("java.nio.file.Files") && FILES_WRITES.contains(name)) {
            // the archive `agent snapshot -o FILE` was asked to write
            if (a.getOriginOwner().getName().equals(SNAPSHOT) && name.equals("newOutputStream")) return Optional.empty();
            return Optional.of("Files." + name);
        }
        if (owner.equals("java.nio.file.StandardOpenOption") && WRITE_OPTIONS.contains(name)) return Optional.of("StandardOpenOption." + name);
        if (owner.equals("java.nio.channels.FileChannel") && name.equals("open")) return Optional.of("FileChannel.open");
        if (owner.equals("java.lang.Runtime") && name.equals("exec")) return Optional.of("Runtime.exec");
        // PrintWriter over a stream is the commands' output; only its file and file-name constructors write a file
        if (owner.equals("java.io.PrintWriter") && !(a instanceof JavaConstructorCall c && c.getTarget().getRawParameterTypes().stream()
                .anyMatch(t -> t.getName().equals("java.io.File") || t.getName().equals("java.lang.String")))) return Optional.empty();
        if (WRITERS.contains(owner) && a instanceof JavaConstructorCall) return Optional.of("new " + owner);
        return Optional.empty();
    }

    private static final ArchCondition<JavaClass> WRITE_NOTHING = new ArchCondition<>("call no JDK API that writes a file or runs a command") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                write(a).ifPresent(w -> events.add(SimpleConditionEvent.violated(a, w + ": " + a.getDescription())));
            }
        }
    };

    @Test
    void compiledClassesWriteNoFileAndRunNoCommand() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.guestdiag");
        // both modules' classes, the checks' from their jar or classes directory (else the rule proves nothing)
        assertThat(all.stream().map(JavaClass::getPackageName)).contains("org.guestdiag.cli", "org.guestdiag.host", "org.guestdiag.read");
        ArchRule rule = classes().that().resideInAPackage("org.guestdiag..")
                .and().haveNameNotMatching(Pattern.quote(ATOMIC_FILE) + "(\\$.*)?").should(WRITE_NOTHING);
        rule.check(all);
        // and the rule sees a write where there is one: the file the user named is written, through these calls
        EvaluationResult atomic = classes().that().haveFullyQualifiedName(ATOMIC_FILE).should(WRITE_NOTHING).evaluate(all);
        assertThat(atomic.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).startsWith("Files.move"));
        Report.section("60-read-only-source", "## Writes nothing: compiled classes\n\nJDK calls that write a file or run a command, in "
                + all.size() + " classes of the agent and the checks: none, but `Files.newOutputStream` in `SnapshotCommand` (the archive asked for) "
                + "and the writes of `AtomicFile` (the textfile asked for: " + atomic.getFailureReport().getDetails().size() + " calls).\n");
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
