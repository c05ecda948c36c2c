import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step after the shade plugin (agent/pom.xml): rewrites the classes under a package prefix of the
 * agent's jar from a class-file version below 50 (Java 6) to 52 (Java 8), with stack map frames computed
 * by ASM. picocli is compiled for Java 5, and the JVM's class-data sharing does not archive classes older
 * than version 50: the 178 of its classes a diagnose loads were parsed and verified from the jar at every
 * start, about 85 ms of a cold {@code agent diagnose} (measured side by side, 0.65 -> 0.56 s). The rewritten classes are then loaded
 * and initialized, so that a wrong frame fails the build here with a VerifyError, not a user's run.
 *
 * <p>usage: java -cp RUNTIME_CLASSPATH LiftClassVersion.java JAR PREFIX
 */
public final class LiftClassVersion {
    private static final int TARGET = Opcodes.V1_8;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".lift");
        List<String> lifted = new ArrayList<>();
        SortedSet<Integer> from = new TreeSet<>();
        try (InputStream raw = Files.newInputStream(jar); ZipInputStream in = new ZipInputStream(raw);
             OutputStream rawOut = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(rawOut)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                String name = e.getName();
                if (name.startsWith(prefix) && name.endsWith(".class") && major(bytes) < 50) {
                    from.add(major(bytes));
                    bytes = lift(bytes);
                    lifted.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(e.getTime()); // as the shade plugin left it: the jar stays reproducible
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        verify(tmp, lifted);
        // createTempFile made it 0600: the installed agent runs as its own user, and anyone may run the jar
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // the jar plugin leaves an up-to-date jar alone, so the shade plugin may be given one lifted before
        System.out.printf(lifted.isEmpty() ? "LiftClassVersion: no class under %2$s older than version 50 in %5$s%n"
                : "LiftClassVersion: %d classes under %s lifted from class versions %s to %d in %s%n",
                lifted.size(), prefix, from, TARGET, jar);
    }

    private static int major(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] lift(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // frames need the common superclass of two types: ClassWriter loads them from this tool's class
        // path, the agent's runtime class path; a type it cannot find stops the build
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Loads and initializes every lifted class from the new jar alone, over the JDK: linking verifies it. */
    private static void verify(Path jar, List<String> classes) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String c : classes) {
                try {
                    Class.forName(c, true, loader);
                } catch (LinkageError | ClassNotFoundException e) {
                    Files.deleteIfExists(jar);
                    throw new IllegalStateException("LiftClassVersion: " + c + " does not load after the rewrite: " + e, e);
                }
            }
        }
    }
}
