package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.model.Numa;
import org.junit.jupiter.api.Test;

class NumaAndNicReaderTest {
    @Test
    void twoNodesWithDistancesAndMemory() {
        Numa numa = Fixtures.read("pve-recommended", Sources.NUMA);
        assertThat(numa.nodes()).hasSize(2);
        assertThat(numa.nodes().get(0).cpulist()).isEqualTo("0-1");
        assertThat(numa.nodes().get(0).cpus()).isEqualTo(2);
        assertThat(numa.nodes().get(0).distances()).containsExactly(10, 20);
        assertThat(numa.nodes().get(0).memTotalBytes()).hasValue(514384L * 1024);
    }

    @Test
    void memTotalParsing() {
        assertThat(NumaReader.memTotal("Node 0 MemTotal:       514384 kB\nNode 0 MemFree: 1 kB\n", "f")).hasValue(514384L * 1024);
        assertThat(NumaReader.memTotal("MemFree: 1 kB\n", "f")).isEmpty();
        assertThatThrownBy(() -> NumaReader.distances("10 x", "/sys/devices/system/node/node0/distance"))
                .isInstanceOf(ReadException.class).hasMessageContaining("node0/distance");
    }

    @Test
    void virtioNic() {
        assertThat(Fixtures.read("nic-virtio", Sources.NICS)).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("eth0");
            assertThat(n.driver()).contains("virtio_net");
            assertThat(n.bus()).contains("virtio");
            assertThat(n.pciId()).contains("1af4:1000");
        });
    }

    @Test
    void dmiOfAQemuMachine() {
        Hypervisor hv = Fixtures.read("ide-piix", Sources.HYPERVISOR);
        assertThat(hv.dmi("sys_vendor")).contains("QEMU");
        assertThat(hv.dmi("product_version")).contains("pc-i440fx-7.2");
        assertThat(hv.sysHypervisorType()).isEmpty();
    }
}
