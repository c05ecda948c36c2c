package org.guestdiag.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the guest's kernel files are: procfs, sysfs, the root filesystem and devfs, as node_exporter's
 * {@code --path.procfs}, {@code --path.sysfs}, {@code --path.rootfs}. Every file access of the program goes
 * through here, so any snapshot can be diagnosed offline, and a {@link Recorder} sees every path touched.
 *
 * <p>Reads are bounded: one read of at most the given size, no {@code stat} for the size (sysfs reports
 * 4096 for every attribute), and anything that is not a regular file (a FIFO, a device node) is refused
 * rather than read: it is opened non-blocking and its type checked on the descriptor, because a blocking
 * open of a FIFO waits for a writer forever and cannot be interrupted in Java.
 */
public final class Root {
    /** sysfs attributes are at most one page; 64 KiB leaves room for binary VPD pages and odd kernels. */
    public static final int ATTRIBUTE_LIMIT = 64 * 1024;
    /** procfs answers at most 1 MiB per read for seq files; cpuinfo of 1024 CPUs stays below 2 MiB. */
    public static final int TEXT_LIMIT = 8 * 1024 * 1024;
    static final String NOT_REGULAR = "not a regular file (FIFO or device node?), not opened";
    private static final int MAX_LINKS = 40; // the kernel's own bound on symlinks in one lookup (ELOOP)

    private final Path procfs;
    private final Path sysfs;
    private final Path rootfs;
    private final Path devfs;
    private final Recorder recorder;

    public Root(Path procfs, Path sysfs, Path rootfs, Path devfs, Recorder recorder) {
        this.procfs = procfs.toAbsolutePath().normalize();
        this.sysfs = sysfs.toAbsolutePath().normalize();
        this.rootfs = rootfs.toAbsolutePath().normalize();
        this.devfs = devfs.toAbsolutePath().normalize();
        this.recorder = recorder;
    }

    /** The machine this process runs on. */
    public static Root live() {
        return new Root(Path.of("/proc"), Path.of("/sys"), Path.of("/"), Path.of("/dev"), Recorder.NONE);
    }

    /** A snapshot directory laid out as the guest's {@code /}: DIR/proc, DIR/sys, DIR/dev. */
    public static Root of(Path dir) {
        return new Root(dir.resolve("proc"), dir.resolve("sys"), dir, dir.resolve("dev"), Recorder.NONE);
    }

    public Root recordingTo(Recorder r) {
        return new Root(procfs, sysfs, rootfs, devfs, r);
    }

    public Path procfs() { return procfs; }
    public Path sysfs() { return sysfs; }
    public Path rootfs() { return rootfs; }
    public Path devfs() { return devfs; }

    public Path proc(String relative) { return procfs.resolve(relative); }
    public Path sys(String relative) { return sysfs.resolve(relative); }
    public Path file(String relative) { return rootfs.resolve(relative); }
    public Path dev(String relative) { return devfs.resolve(relative); }

    /** The path as the guest sees it: {@code <sysfs>/block/vda} is shown as {@code /sys/block/vda}. */
    public String display(Path p) {
        Path a = p.toAbsolutePath().normalize();
        if (a.startsWith(sysfs)) return join("/sys", sysfs.relativize(a));
        if (a.startsWith(procfs)) return join("/proc", procfs.relativize(a));
        if (a.startsWith(devfs)) return join("/dev", devfs.relativize(a));
        if (a.startsWith(rootfs)) return join("", rootfs.relativize(a));
        return a.toString();
    }

    private static String join(String prefix, Path rel) {
        String r = rel.toString();
        if (r.isEmpty()) return prefix.isEmpty() ? "/" : prefix;
        return prefix + "/" + r;
    }

    /** A single-value attribute, trimmed; empty when the file does not exist. */
    public Optional<String> attribute(Path p) {
        return bytes(p, ATTRIBUTE_LIMIT).map(b -> new String(b, StandardCharsets.UTF_8).strip());
    }

    /** A whole text file of at most {@link #TEXT_LIMIT} bytes; empty when it does not exist. */
    public Optional<String> text(Path p) {
        return bytes(p, TEXT_LIMIT).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * At most {@code limit} bytes of a regular file, read once. A larger file is an error, not a silent
     * cut: a 1 GB file where a 10-byte attribute belongs is not an attribute. The file's type is checked
     * on the opened descriptor ({@link DescriptorRead}), so nothing swapped in after a check can block the
     * read; where JNA cannot load, java.nio checks the path first and then opens it.
     */
    public Optional<byte[]> bytes(Path p, int limit) {
        Path real = trace(p);
        byte[] content = DescriptorRead.LIBC.isPresent() && DescriptorRead.handles(p)
                ? DescriptorRead.read(DescriptorRead.LIBC.get(), p, limit, this)
                : readNio(p, limit);
        if (content == null) return Optional.empty();
        if (content.length > limit) {
            recorder.file(real, java.util.Arrays.copyOf(content, limit));
            throw new ReadException(display(p), "larger than " + limit + " bytes, not read");
        }
        recorder.file(real, content);
        return Optional.of(content);
    }

    /** At most {@code limit + 1} bytes through java.nio, null when absent: the path without JNA, with a check-then-open window. */
    byte[] readNio(Path p, int limit) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) throw new ReadException(display(p), attrs.isDirectory() ? "is a directory" : NOT_REGULAR);
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes(limit + 1);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            throw failure(p, e);
        }
    }

    /** The names in a directory, sorted; empty when it does not exist. */
    public List<String> list(Path dir) {
        Path real = trace(dir);
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            s.forEach(c -> names.add(c.getFileName().toString()));
            names.sort(null);
            recorder.directory(real, names);
            return names;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw failure(dir, e);
        }
    }

    /**
     * The last component of a symlink's target, e.g. the driver name of {@code device/driver}. Read from
     * the link's text, not by resolving it: a snapshot keeps the link but not the driver's directory.
     */
    public Optional<String> linkName(Path link) {
        trace(link);
        try {
            Path target = Files.readSymbolicLink(link);
            Path name = target.getFileName();
            return name == null ? Optional.empty() : Optional.of(name.toString());
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (java.nio.file.NotLinkException e) {
            throw new ReadException(display(link), "not a symbolic link");
        } catch (IOException e) {
            throw failure(link, e);
        }
    }

    /** The path with every symlink resolved; empty when it does not exist. */
    public Optional<Path> realPath(Path p) {
        trace(p);
        try {
            return Optional.of(p.toRealPath());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(p, e);
        }
    }

    public boolean exists(Path p) {
        trace(p);
        return Files.exists(p);
    }

    public boolean isDirectory(Path p) {
        trace(p);
        return Files.isDirectory(p);
    }

    /** Whether what is read is being recorded (a snapshot is taken): readers then read whole, never from a cache. */
    public boolean recording() {
        return recorder != Recorder.NONE;
    }

    /** Lets a reader that opens a path by other means (a device through JNA) record what it saw. */
    public void record(Path p, byte[] content) {
        recorder.file(trace(p), content);
    }

    /**
     * Tells the recorder of each symlink on the way to {@code p}, resolving as the kernel does, so the
     * snapshot can recreate them with their original relative targets; returns where {@code p} really is,
     * where the snapshot stores what was read. Costs nothing without a recorder.
     */
    private Path trace(Path p) {
        if (recorder == Recorder.NONE) return p;
        try {
            return resolveRecording(p.toAbsolutePath().normalize(), new int[] {0});
        } catch (IOException e) {
            return p; // a path that does not resolve is recorded as far as it goes; the read itself reports why
        }
    }

    private Path resolveRecording(Path p, int[] links) throws IOException {
        Path cur = p.getRoot();
        for (Path name : p) {
            Path next = cur.resolve(name);
            if (Files.isSymbolicLink(next)) {
                if (++links[0] > MAX_LINKS) throw new FileSystemException(next.toString(), null, "too many levels of symbolic links");
                Path target = Files.readSymbolicLink(next);
                recorder.symlink(next, target.toString());
                cur = resolveRecording(next.getParent().resolve(target).normalize(), links);
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                cur = next;
            } else {
                return next;
            }
        }
        return cur;
    }

    private ReadException failure(Path p, IOException e) {
        if (e instanceof AccessDeniedException) return new ReadException(display(p), "permission denied");
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return new ReadException(display(p), fse.getReason().toLowerCase(java.util.Locale.ROOT));
        }
        return new ReadException(display(p), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    @Override
    public String toString() {
        return "Root[procfs=" + procfs + ", sysfs=" + sysfs + ", rootfs=" + rootfs + ", devfs=" + devfs + "]";
    }
}
