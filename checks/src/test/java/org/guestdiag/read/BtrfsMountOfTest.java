package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsMember;
import org.guestdiag.model.Mount;
import org.junit.jupiter.api.Test;

/**
 * Which mount point the ioctls ask for a filesystem (kernels before 5.14): the one whose filesystem reports
 * its fsid, whatever the mount's source says. Mount lines as /proc/self/mountinfo gives them; the fsid each
 * mount point would answer stands in for BTRFS_IOC_FS_INFO.
 */
class BtrfsMountOfTest {
    static final String A = "11111111-1111-4111-8111-111111111111";
    static final String B = "22222222-2222-4222-8222-222222222222";

    static final String MOUNTINFO = """
            22 1 0:21 / / rw,relatime - btrfs /dev/vda2 rw,space_cache=v2,subvolid=256,subvol=/@
            30 22 0:40 / /srv rw,relatime - btrfs /dev/mapper/luks-data rw,space_cache=v2,subvolid=5,subvol=/
            31 22 0:41 / /backup rw,relatime - btrfs /dev/disk/by-uuid/22222222-2222-4222-8222-222222222222 rw,subvolid=5,subvol=/
            32 22 0:40 /snap /srv/.snapshots rw,relatime - btrfs /dev/mapper/luks-data rw,subvolid=258,subvol=/snap
            """;

    static List<Mount> mounts() {
        return MountReader.parse(MOUNTINFO, "/proc/self/mountinfo");
    }

    static BtrfsFilesystem fs(String fsid, String... members) {
        List<BtrfsMember> m = new ArrayList<>();
        for (String name : members) m.add(new BtrfsMember(name, OptionalLong.empty()));
        return new BtrfsFilesystem(fsid, Optional.empty(), List.of(), m, Map.of(), Optional.empty(), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    @Test
    void deviceMapperSourceIsFoundByItsFsid() {
        Map<String, String> answers = Map.of("/", "33333333-3333-4333-8333-333333333333", "/srv", A, "/backup", B, "/srv/.snapshots", A);
        List<String> asked = new ArrayList<>();
        Optional<Mount> m = BtrfsIoctlReader.mountOf(fs(A, "dm-0"), mounts(), x -> {
            asked.add(x.mountPoint());
            return Optional.ofNullable(answers.get(x.mountPoint()));
        });
        assertThat(m).map(Mount::mountPoint).hasValue("/srv");
        assertThat(asked).containsExactly("/", "/srv"); // in mountinfo order, stopping at the first answer
    }

    @Test
    void byUuidSourceIsFoundByItsFsid() {
        Map<String, String> answers = Map.of("/", "33333333-3333-4333-8333-333333333333", "/srv", A, "/backup", B);
        assertThat(BtrfsIoctlReader.mountOf(fs(B, "vdb", "vdc"), mounts(), x -> Optional.ofNullable(answers.get(x.mountPoint()))))
                .map(Mount::mountPoint).hasValue("/backup");
    }

    @Test
    void aMemberSourceIsAskedFirst() {
        List<Mount> withData = new ArrayList<>(mounts());
        withData.addAll(MountReader.parse("33 22 0:42 / /data rw,relatime - btrfs /dev/vdb rw,subvolid=5,subvol=/\n", "/proc/self/mountinfo"));
        List<String> asked = new ArrayList<>();
        Optional<Mount> m = BtrfsIoctlReader.mountOf(fs(B, "vdb"), withData, x -> {
            asked.add(x.mountPoint());
            return Optional.of(x.mountPoint().equals("/data") ? B : A);
        });
        assertThat(m).map(Mount::mountPoint).hasValue("/data");
        assertThat(asked).containsExactly("/data"); // the source names a member: no other mount point opened
    }

    @Test
    void aSourceNamingAMemberIsStillCheckedAgainstTheFsid() {
        // /dev/vda2 is a member's name, but the filesystem there is another one (a re-created filesystem, a stale line)
        Map<String, String> answers = Map.of("/", B, "/srv", A);
        assertThat(BtrfsIoctlReader.mountOf(fs(A, "vda2"), mounts(), x -> Optional.ofNullable(answers.get(x.mountPoint()))))
                .map(Mount::mountPoint).hasValue("/srv");
    }

    @Test
    void noMountAnsweringTheFsidIsNone() {
        // mounted in another mount namespace only, or every mount point unreadable (empty answers)
        assertThat(BtrfsIoctlReader.mountOf(fs(A, "dm-0"), mounts(), x -> Optional.empty())).isEmpty();
        assertThat(BtrfsIoctlReader.mountOf(fs(A, "dm-0"), mounts(), x -> Optional.of(B))).isEmpty();
    }
}
