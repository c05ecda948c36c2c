package org.guestdiag.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.guestdiag.host.Root;

/**
 * Writes what a {@link SnapshotRecorder} saw as a tar.gz laid out as the guest's {@code /}
 * (proc/, sys/, dev/kmsg, etc/…), so {@code diagnose --root <extracted>} reads the same values.
 * Symlinks are kept with their relative targets; listed directories keep every entry they held (files
 * nobody read as empty stand-ins), because readers find devices and features by listing.
 */
public final class SnapshotArchive {
    private SnapshotArchive() { }

    private sealed interface Node permits FileNode, DirNode, LinkNode { }
    private record FileNode(byte[] content) implements Node { }
    private record DirNode() implements Node { }
    private record LinkNode(String target) implements Node { }

    public static int write(SnapshotRecorder rec, Root root, boolean redact, String metadata, OutputStream out) throws IOException {
        return write(rec, root, redact, java.util.List.of(), metadata, out);
    }

    /** @param hostNames the machine's names, redacted wherever they appear (with {@code redact}) */
    public static int write(SnapshotRecorder rec, Root root, boolean redact, java.util.List<String> hostNames, String metadata,
                            OutputStream out) throws IOException {
        Redactor r = new Redactor(redact, hostNames);
        rec.files.values().forEach(r::learn);
        Map<String, Node> nodes = new TreeMap<>();
        rec.directories.forEach((dir, names) -> {
            put(nodes, root, r, dir, new DirNode());
            for (String n : names) {
                Path child = dir.resolve(n);
                if (rec.files.containsKey(child) || rec.symlinks.containsKey(child) || rec.directories.containsKey(child)) continue;
                try {
                    if (Files.isSymbolicLink(child)) put(nodes, root, r, child, new LinkNode(relative(root, child, Files.readSymbolicLink(child).toString())));
                    else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) put(nodes, root, r, child, new DirNode());
                    // a listed file nobody read (btrfs features/ are known by name): an empty stand-in keeps the
                    // listing true without reading anything the readers did not read themselves
                    else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) put(nodes, root, r, child, new FileNode(new byte[0]));
                } catch (IOException e) {
                    // vanished since it was listed (hot-unplug): the snapshot simply lacks it
                }
            }
        });
        rec.symlinks.forEach((p, target) -> put(nodes, root, r, p, new LinkNode(relative(root, p, target))));
        rec.files.forEach((p, content) -> {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!r.drops(name)) put(nodes, root, r, p, new FileNode(r.content(name, content)));
        });
        nodes.put("guestdiag-snapshot.txt", new FileNode(metadata.getBytes(StandardCharsets.UTF_8)));

        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var e : nodes.entrySet()) {
                TarArchiveEntry entry;
                if (e.getValue() instanceof FileNode f) {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(f.content().length);
                    entry.setMode(0100444);
                    tar.putArchiveEntry(entry);
                    tar.write(f.content());
                } else if (e.getValue() instanceof LinkNode l) {
                    entry = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK);
                    entry.setLinkName(l.target());
                    tar.putArchiveEntry(entry);
                } else {
                    entry = new TarArchiveEntry(e.getKey() + "/");
                    entry.setMode(040755);
                    tar.putArchiveEntry(entry);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return nodes.size();
    }

    /** Archive name of a path: the guest's path without the leading slash, redacted. */
    private static void put(Map<String, Node> nodes, Root root, Redactor r, Path p, Node n) {
        String guest = root.display(p);
        if (!guest.startsWith("/") || guest.equals("/")) return; // outside the root: never archived
        nodes.putIfAbsent(r.text(guest.substring(1)), n);
    }

    /** An absolute link target would escape the extracted snapshot: make it relative to the link's directory. */
    private static String relative(Root root, Path link, String target) {
        if (!target.startsWith("/")) return target;
        Path from = Path.of(root.display(link)).getParent();
        return from == null ? target : from.relativize(Path.of(target)).toString();
    }
}
