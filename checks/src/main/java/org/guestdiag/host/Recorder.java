package org.guestdiag.host;

import java.nio.file.Path;
import java.util.List;

/**
 * Told of every path a reader touches, with what it saw there. {@code agent snapshot} archives exactly
 * these, so a snapshot holds what the readers read, by construction (see DESIGN.md, decision 2).
 */
public interface Recorder {
    /** A file was read; {@code content} is what the read returned (possibly cut at the read's bound). */
    void file(Path path, byte[] content);

    /** A directory was listed; {@code entries} are the names returned. */
    void directory(Path path, List<String> entries);

    /** A symbolic link was met; {@code target} is its text as the kernel gave it. */
    void symlink(Path path, String target);

    Recorder NONE = new Recorder() {
        @Override public void file(Path path, byte[] content) { }
        @Override public void directory(Path path, List<String> entries) { }
        @Override public void symlink(Path path, String target) { }
    };
}
