package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.guestdiag.Fixtures;
import org.guestdiag.host.ReadException;
import org.guestdiag.model.Cpu;
import org.junit.jupiter.api.Test;

class CpuReaderTest {
    @Test
    void empty() {
        assertThatThrownBy(() -> CpuReader.parse("", "/proc/cpuinfo"))
                .isInstanceOf(ReadException.class).hasMessageContaining("/proc/cpuinfo").hasMessageContaining("no 'processor'");
    }

    @Test
    void garbage() {
        assertThatThrownBy(() -> CpuReader.parse("processor : 0\n\u0001\u0002binary\n", "/proc/cpuinfo"))
                .isInstanceOf(ReadException.class).hasMessageContaining("line 2");
    }

    @Test
    void truncatedKeepsWhatIsWhole() {
        var blocks = CpuReader.parse("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse4_2\n\nprocessor\t: 1\nvendor_id\t: Genu", "f");
        assertThat(blocks).hasSize(2);
        Cpu cpu = CpuReader.toCpu(blocks, Optional.empty(), List.of());
        assertThat(cpu.vendor()).isEqualTo("GenuineIntel");
        assertThat(cpu.flagsDiffer()).isTrue(); // the cut-off second CPU has no flags line
    }

    @Test
    void kvm64IsCommonKvmProcessorWithoutSse42() {
        Cpu cpu = Fixtures.read("cpu-kvm64", Sources.CPU);
        assertThat(cpu.modelName()).isEqualTo("Common KVM processor");
        assertThat(cpu.vendor()).isEqualTo("GenuineIntel");
        assertThat(cpu.has("sse4_2")).isFalse();
        assertThat(cpu.has("lm")).isTrue();
        assertThat(cpu.processors()).isEqualTo(2);
    }

    @Test
    void maxWithTwoThreadsRequestedShowsCoresNotThreadsUnderTcg() {
        // QEMU was given -smp 4,sockets=1,cores=2,threads=2; TCG's AMD model lacks topoext, so the guest sees 4 cores
        Cpu cpu = Fixtures.read("cpu-max-smt", Sources.CPU);
        assertThat(cpu.processors()).isEqualTo(4);
        assertThat(cpu.threadsPerCore()).isEqualTo(1);
        assertThat(cpu.sockets()).isEqualTo(1);
        assertThat(cpu.has("ht")).isTrue(); // set anyway: the flag is not the topology
    }

    @Test
    void twoSocketsInPveRecommended() {
        Cpu cpu = Fixtures.read("pve-recommended", Sources.CPU);
        assertThat(cpu.sockets()).isEqualTo(2);
        assertThat(cpu.cores()).isEqualTo(4);
        assertThat(cpu.online()).contains("0-3");
    }
}
