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
        assertThat(numa.nodes().get(0).cpulist()).hasValue("0-1");
        assertThat(numa.nodes().get(0).cpus()).hasValue(2);
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

    /** The bonding module's bonding_masters is a regular file in /sys/class/net wherever it is loaded, and bond0 has no device. */
    @Test
    void bondingMastersIsNoInterface(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path root = Fixtures.copy("nic-virtio", dir);
        java.nio.file.Path net = root.resolve("sys/class/net");
        java.nio.file.Files.writeString(net.resolve("bonding_masters"), "bond0\n");
        java.nio.file.Path bond = java.nio.file.Files.createDirectories(root.resolve("sys/devices/virtual/net/bond0"));
        java.nio.file.Files.writeString(bond.resolve("operstate"), "up\n");
        java.nio.file.Files.createSymbolicLink(net.resolve("bond0"), java.nio.file.Path.of("../../devices/virtual/net/bond0"));
        Problems problems = new Problems();
        assertThat(Sources.NICS.read(org.guestdiag.host.Root.of(root), problems)).extracting(org.guestdiag.model.Nic::name).containsExactly("eth0");
        assertThat(problems.list()).isEmpty();
        org.guestdiag.run.Diagnosis d = org.guestdiag.run.Diagnosis.run(Fixtures.inventory(org.guestdiag.host.Root.of(root)), org.guestdiag.check.Checks.all());
        assertThat(d.findings()).noneMatch(f -> f.summary().contains("bonding_masters") || f.subject().contains("bonding_masters"));
    }
}
