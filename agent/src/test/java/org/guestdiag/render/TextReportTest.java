package org.guestdiag.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.slot.Platform;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static final Remedy ALL = new Remedy("qm set <vmid> --cpu host", "<cpu mode='host-passthrough'/>", "-cpu host", "reboot");

    @Test
    void theSeenPlatformsDialectComesFirstAndTheGuestsChangeLast() {
        assertThat(TextReport.remedies(ALL, Optional.of(Platform.LIBVIRT)))
                .containsExactly("libvirt: <cpu mode='host-passthrough'/>", "Proxmox: qm set <vmid> --cpu host", "QEMU:    -cpu host", "guest:   reboot");
        assertThat(TextReport.remedies(ALL, Optional.of(Platform.QEMU)))
                .containsExactly("QEMU:    -cpu host", "Proxmox: qm set <vmid> --cpu host", "libvirt: <cpu mode='host-passthrough'/>", "guest:   reboot");
        assertThat(TextReport.remedies(ALL, Optional.of(Platform.PROXMOX)).get(0)).startsWith("Proxmox: ");
    }

    @Test
    void noPlatformSeenKeepsTheUsualOrder() {
        assertThat(TextReport.remedies(ALL, Optional.empty()))
                .containsExactly("Proxmox: qm set <vmid> --cpu host", "libvirt: <cpu mode='host-passthrough'/>", "QEMU:    -cpu host", "guest:   reboot");
    }

    @Test
    void aRemedyWithoutAProxmoxLineStillStartsWithItsLabel() {
        Remedy guestOnly = new Remedy(null, null, null, "btrfs scrub start /");
        assertThat(TextReport.remedies(guestOnly, Optional.of(Platform.PROXMOX))).containsExactly("guest:   btrfs scrub start /");
    }

    @Test
    void aStepOnTheHostsHardwareIsSaidOnceWhateverThePlatform() {
        assertThat(TextReport.remedies(Remedy.host("replace the disk"), Optional.of(Platform.LIBVIRT))).containsExactly("on the host: replace the disk");
        // the same text in two dialects only is not a host step: each keeps its label
        Remedy two = new Remedy("x", "x", null, null);
        assertThat(TextReport.remedies(two, Optional.empty())).containsExactly("Proxmox: x", "libvirt: x");
    }
}
