package org.guestdiag.model;

import java.util.List;

/**
 * One line of /proc/self/mountinfo. Per-mount options and super options are kept apart: a btrfs forced
 * read-only keeps {@code rw} in the former while the latter say {@code ro}.
 */
public record Mount(int id, int parentId, String devNumber, String root, String mountPoint,
                    List<String> mountOptions, String fsType, String source, List<String> superOptions) {
    public Mount {
        mountOptions = List.copyOf(mountOptions);
        superOptions = List.copyOf(superOptions);
    }

    public boolean hasSuperOption(String name) {
        return superOptions.stream().anyMatch(o -> o.equals(name) || o.startsWith(name + "="));
    }

    public boolean hasMountOption(String name) {
        return mountOptions.stream().anyMatch(o -> o.equals(name) || o.startsWith(name + "="));
    }
}
