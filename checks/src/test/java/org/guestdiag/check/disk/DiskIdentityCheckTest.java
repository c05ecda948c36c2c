package org.guestdiag.check.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.guestdiag.Fixtures;
import org.guestdiag.check.Checks;
import org.guestdiag.check.Evidence;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Severity;
import org.guestdiag.host.Root;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk identity on the lab's "discard" guest (three virtio_blk disks, each with a serial), with an md raid1
 * put over vda and vdb. The lab's md-raid1-noserial guest is judged in VerdictsOnRealGuestsTest.
 */
class DiskIdentityCheckTest {
    @TempDir Path tmp;
    Path root;

    @BeforeEach
    void raid1OverVdaAndVdb() throws Exception {
        root = Fixtures.copy("discard", tmp);
        write("proc/mdstat", "md0 : active raid1 vdb[1] vda[0]\n      65472 blocks super 1.2 [2/2] [UU]\n");
        write("sys/block/md0/md/dev-vda/state", "in_sync\n");
        write("sys/block/md0/md/dev-vdb/state", "in_sync\n");
    }

    @Test
    void membersWithSerialsSayNothing() {
        assertThat(identity()).isEmpty();
    }

    @Test
    void aMemberWithoutSerialWarnsNamingItButNoSerialValue() throws Exception {
        Files.delete(root.resolve("sys/block/vdb/serial"));
        Finding f = only(identity());
        assertThat(f.id()).isEqualTo("disk.member-without-id");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("md0");
        assertThat(f.summary()).isEqualTo("md array /dev/md0: vdb has no serial or wwid, so its members cannot all be told apart by a stable id");
        assertThat(f.evidence()).containsExactly(new Evidence("/sys/block/vdb/serial", "none"));
        // qm set replaces all of a drive's options: the line says so, and names the slot only where it is known
        assertThat(f.remedy().proxmox()).contains("qm set <vmid> --<slot> <storage>:<volume>,serial=", "replaces all of its options");
        assertThat(f.remedy().libvirt()).contains("<serial>");
        assertThat(f.remedy().qemu()).contains("-device virtio-blk-pci", "serial=");
        assertThat(f.toString()).doesNotContain("VBLK-UNMAP", "VBLK-IGNORE");
    }

    @Test
    void aDiskWithoutSerialOutsideAnyArrayIsNotJudged() throws Exception {
        Files.delete(root.resolve("sys/block/vdc/serial"));
        assertThat(identity()).isEmpty();
    }

    @Test
    void twoDisksWithTheSameSerialWarnWithoutPrintingIt() throws Exception {
        Files.writeString(root.resolve("sys/block/vdc/serial"), "VBLK-UNMAP\n");
        Finding f = only(identity());
        assertThat(f.id()).isEqualTo("disk.duplicate-id");
        assertThat(f.subject()).isEqualTo("vda,vdc");
        assertThat(f.evidence()).containsExactly(new Evidence("/sys/block/vda/serial", "the same value as vdc's"),
                new Evidence("/sys/block/vdc/serial", "the same value as vda's"));
        assertThat(f.toString()).doesNotContain("VBLK-UNMAP");
    }

    @Test
    void pathsOfOneMultipathLunShareItsIdByDesign() throws Exception {
        // two paths to one LUN: the same serial, both held by one dm-multipath map (multipathd's dm/uuid "mpath-<wwid>")
        vdaAndVdcSharedByDm0("mpath-36001405a1b2c3d4e5f60718293a4b5c6");
        assertThat(identity()).isEmpty();
    }

    @Test
    void aSharedHolderThatIsNoMultipathMapStillWarns() throws Exception {
        // an LVM volume over both disks is no reason for them to share a serial
        vdaAndVdcSharedByDm0("LVM-kXo8p2vWb0aYqK1fZ3cR9dT7uM5nE4hJ");
        assertThat(only(identity()).id()).isEqualTo("disk.duplicate-id");
    }

    /** vdc given vda's serial, both held by dm-0 with this dm/uuid. */
    private void vdaAndVdcSharedByDm0(String uuid) throws Exception {
        Files.writeString(root.resolve("sys/block/vdc/serial"), "VBLK-UNMAP\n");
        Files.createDirectories(root.resolve("sys/block/vda/holders/dm-0"));
        Files.createDirectories(root.resolve("sys/block/vdc/holders/dm-0"));
        write("sys/block/dm-0/dm/uuid", uuid + "\n");
    }

    private List<Finding> identity() {
        Diagnosis d = Diagnosis.run(Fixtures.inventory(Root.of(root)), Checks.all());
        return d.findings().stream().filter(f -> f.check().equals("disk-identity")).toList();
    }

    private static Finding only(List<Finding> f) {
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
