package org.guestdiag.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file all at once: written to a temporary file in the same directory, then renamed over the
 * target. node_exporter's textfile collector reads {@code *.prom} files whenever it is scraped, so a file
 * written in place could be read half-written; a rename is atomic within one filesystem.
 */
final class AtomicFile {
    private AtomicFile() { }

    /** What went wrong, in words and naming the user's file, never an exception's class or the temporary name. */
    static String describe(Path target, IOException e) {
        Path dir = target.toAbsolutePath().getParent();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such directory " + dir;
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied in " + dir;
        if (e instanceof java.nio.file.NotDirectoryException || e instanceof java.nio.file.FileSystemException f
                && f.getReason() != null && f.getReason().contains("Not a directory")) return dir + " is not a directory";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? "write failed" : e.getMessage();
    }

    static void write(Path target, byte[] body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // a name not ending in .prom: the collector must never pick up the temporary file itself
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(body);
                while (b.hasRemaining()) ch.write(b);
                // on disk before the rename, so a crash leaves the old file or the new one, never an empty one
                ch.force(true);
            }
            // createTempFile makes it 0600; node_exporter runs as another user and must read it
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
