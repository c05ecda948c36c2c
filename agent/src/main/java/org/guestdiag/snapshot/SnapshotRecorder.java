package org.guestdiag.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.guestdiag.host.Recorder;

/** Collects what the readers touched; sources run in parallel, so the maps are concurrent. */
public final class SnapshotRecorder implements Recorder {
    final Map<Path, byte[]> files = new ConcurrentSkipListMap<>();
    final Map<Path, List<String>> directories = new ConcurrentSkipListMap<>();
    final Map<Path, String> symlinks = new ConcurrentSkipListMap<>();

    @Override
    public void file(Path path, byte[] content) {
        files.put(path.toAbsolutePath().normalize(), content.clone());
    }

    @Override
    public void directory(Path path, List<String> entries) {
        directories.put(path.toAbsolutePath().normalize(), List.copyOf(entries));
    }

    @Override
    public void symlink(Path path, String target) {
        symlinks.put(path.toAbsolutePath().normalize(), target);
    }
}
