package org.guestdiag.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.guestdiag.host.Root;
import org.guestdiag.model.Ext4ErrorSite;
import org.guestdiag.model.StorageFilesystem;

/**
 * Every mounted ext4 and XFS in {@code /sys/fs/ext4} and {@code /sys/fs/xfs} (one directory per superblock,
 * named by its block device; {@code features}, {@code stats} and the like are the module's own and have no
 * block device), with ext4's error record (Documentation/ABI/testing/sysfs-fs-ext4, fs/ext4/sysfs.c) and
 * the whole disks each one sits on.
 */
public final class FilesystemReader implements Source<List<StorageFilesystem>> {
    /** Device-mapper and md stack at most a few deep; a loop in slaves/ must not recurse forever. */
    private static final int MAX_DEPTH = 8;

    @Override
    public String name() {
        return "filesystems";
    }

    @Override
    public boolean dynamic() {
        return true; // errors are recorded at run time
    }

    @Override
    public List<StorageFilesystem> read(Root root, Problems problems) {
        List<StorageFilesystem> out = new ArrayList<>();
        for (String type : List.of("ext4", "xfs")) {
            Path dir = root.sys("fs/" + type);
            for (String name : root.list(dir)) {
                Path block = root.sys("class/block/" + name);
                if (!root.exists(block)) continue; // the module's own directories: features, stats, extra
                StorageFilesystem fs = problems.guard(() -> filesystem(root, dir.resolve(name), block, name, type, problems), null);
                if (fs != null) out.add(fs);
            }
        }
        return out;
    }

    private static StorageFilesystem filesystem(Root root, Path dir, Path block, String name, String type, Problems problems) {
        Optional<String> dev = Attributes.string(root, block.resolve("dev"), problems);
        List<String> disks = List.copyOf(disks(root, name, problems, 0));
        if (!type.equals("ext4")) return new StorageFilesystem(name, type, dev, disks, OptionalLong.empty(), Optional.empty(), Optional.empty());
        return new StorageFilesystem(name, type, dev, disks, Attributes.number(root, dir.resolve("errors_count"), problems),
                site(root, dir, "first", problems), site(root, dir, "last", problems));
    }

    private static Optional<Ext4ErrorSite> site(Root root, Path dir, String which, Problems problems) {
        OptionalLong time = Attributes.number(root, dir.resolve(which + "_error_time"), problems);
        if (time.isEmpty()) return Optional.empty();
        String p = which + "_error_";
        return Optional.of(new Ext4ErrorSite(time,
                Attributes.string(root, dir.resolve(p + "func"), problems).filter(s -> !s.isEmpty()),
                Attributes.number(root, dir.resolve(p + "line"), problems),
                Attributes.number(root, dir.resolve(p + "ino"), problems),
                Attributes.number(root, dir.resolve(p + "block"), problems),
                Attributes.number(root, dir.resolve(p + "errcode"), problems)));
    }

    /** The whole disks under a block device: a partition's disk, the slaves of dm/md (recursively), else itself. */
    static Set<String> disks(Root root, String name, Problems problems, int depth) {
        Set<String> out = new LinkedHashSet<>();
        if (depth > MAX_DEPTH) return out;
        Path block = root.sys("class/block/" + name);
        if (root.exists(block.resolve("partition"))) {
            Optional<Path> real = problems.guard(() -> root.realPath(block), Optional.<Path>empty());
            real.map(Path::getParent).map(Path::getFileName).map(Path::toString).ifPresent(out::add);
            return out;
        }
        List<String> slaves = root.list(block.resolve("slaves"));
        if (slaves.isEmpty()) {
            out.add(name);
            return out;
        }
        for (String s : slaves) out.addAll(disks(root, s, problems, depth + 1));
        return out;
    }
}
