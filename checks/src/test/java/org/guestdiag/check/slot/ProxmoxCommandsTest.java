package org.guestdiag.check.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxmoxCommandsTest {
    private static Optional<Slot> slot(String name) {
        return Optional.of(new Slot(name, List.of()));
    }

    @Test
    void aScsiDiskOnAnEmulatedControllerKeepsItsSlotAndOnlyTheControllerChanges() {
        String line = ProxmoxCommands.toVirtioScsi(slot("scsi1"));
        assertThat(line).startsWith("qm set <vmid> --scsihw virtio-scsi-single ").contains("scsi1 stays scsi1").doesNotContain("--delete");
    }

    @Test
    void aSataOrIdeDiskMovesToAScsiSlotKeepingItsVolume() {
        String line = ProxmoxCommands.toVirtioScsi(slot("sata2"));
        assertThat(line).contains("qm set <vmid> --delete sata2").contains("unusedN").contains("--scsiN <the volume from sata2's line")
                .contains("--boot order=scsiN");
    }

    @Test
    void withoutASlotTheUserIsToldWhereToLook() {
        assertThat(ProxmoxCommands.toVirtioScsi(Optional.empty())).contains("cannot tell apart").doesNotContain("--delete");
    }

    @Test
    void checksThatNameSlotsReadWhatThePlatformIsToldFrom() {
        assertThat(Slots.withSources(List.of(org.guestdiag.read.Sources.DISKS), List.of(org.guestdiag.read.Sources.MOUNTS)))
                .containsExactly(org.guestdiag.read.Sources.MOUNTS, org.guestdiag.read.Sources.HYPERVISOR, org.guestdiag.read.Sources.NICS);
    }
}
