package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.Mount;
import org.junit.jupiter.api.Test;

class MountReaderTest {
    @Test
    void empty() {
        assertThat(MountReader.parse("", "/proc/self/mountinfo")).isEmpty();
    }

    @Test
    void valid() {
        // proc(5)'s example line, with an optional field and an escaped space
        List<Mount> m = MountReader.parse("36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n", "f");
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.mountPoint()).isEqualTo("/mnt 2");
            assertThat(x.fsType()).isEqualTo("ext3");
            assertThat(x.mountOptions()).containsExactly("rw", "noatime");
            assertThat(x.superOptions()).containsExactly("rw", "errors=continue");
        });
    }

    @Test
    void truncated() {
        assertThatThrownBy(() -> MountReader.parse("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3", "/proc/self/mountinfo"))
                .isInstanceOf(ReadException.class).hasMessageContaining("/proc/self/mountinfo: line 1");
    }

    @Test
    void garbage() {
        assertThatThrownBy(() -> MountReader.parse("x y z 1 2 3 - a b c d\n", "f")).isInstanceOf(ReadException.class).hasMessageContaining("line 1");
    }

    @Test
    void forcedReadOnlyBtrfsKeepsRwPerMountButRoSuper() {
        Mount m = Fixtures.read("btrfs-blkdebug-eio", Sources.MOUNTS).stream().filter(x -> x.fsType().equals("btrfs")).findFirst().orElseThrow();
        assertThat(m.mountOptions()).contains("rw");
        assertThat(m.superOptions()).contains("ro");
        assertThat(m.source()).isEqualTo("/dev/vda");
    }
}
