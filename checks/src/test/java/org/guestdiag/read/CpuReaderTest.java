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
        assertThat(cpu.threadsPerCore()).hasValue(1);
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

    /** One x86 processor block of cpuinfo with its place; 8 CPUs of one package, 4 cores, 2 threads each. */
    private static String cpuinfo(int cpus, int siblings, int cores, boolean withIds) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cpus; i++) {
            b.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU E3-1230 v5 @ 3.40GHz\n");
            if (withIds) b.append("physical id\t: 0\nsiblings\t: ").append(siblings).append("\ncore id\t\t: ").append(i % cores)
                    .append("\ncpu cores\t: ").append(cores).append('\n');
            b.append("flags\t\t: fpu sse4_2 ht\n\n");
        }
        return b.toString();
    }

    @Test
    void withoutSysfsTopologyThreadsComeFromCpuinfo() {
        // thread_siblings_list and core_cpus_list absent (no topology read): siblings 8 over cpu cores 4
        Cpu cpu = CpuReader.toCpu(CpuReader.parse(cpuinfo(8, 8, 4, true), "f"), Optional.empty(), List.of());
        assertThat(cpu.threadsPerCore()).hasValue(2);
        assertThat(cpu.cores()).isEqualTo(4);
        assertThat(cpu.sockets()).isEqualTo(1);
    }

    @Test
    void withoutAnyTopologyThreadsAreUnknownNotOne() {
        Cpu cpu = CpuReader.toCpu(CpuReader.parse(cpuinfo(8, 8, 4, false), "f"), Optional.empty(), List.of());
        assertThat(cpu.threadsPerCore()).isEmpty();
    }

    @Test
    void topologyDirectoryWithoutSiblingListsFallsBackToCpuinfo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("proc"));
        java.nio.file.Files.writeString(dir.resolve("proc/cpuinfo"), cpuinfo(8, 8, 4, true));
        for (int i = 0; i < 8; i++) {
            java.nio.file.Path t = java.nio.file.Files.createDirectories(dir.resolve("sys/devices/system/cpu/cpu" + i + "/topology"));
            java.nio.file.Files.writeString(t.resolve("physical_package_id"), "0\n");
            java.nio.file.Files.writeString(t.resolve("core_id"), (i % 4) + "\n");
        }
        Problems problems = new Problems();
        Cpu cpu = Sources.CPU.read(org.guestdiag.host.Root.of(dir), problems);
        assertThat(problems.list()).isEmpty();
        assertThat(cpu.topology()).hasSize(8).allSatisfy(t -> assertThat(t.threadSiblings()).isEmpty());
        assertThat(cpu.threadsPerCore()).hasValue(2);
        assertThat(cpu.cores()).isEqualTo(4);
        // and core_cpus_list alone (a kernel that dropped the old name) is read
        for (int i = 0; i < 8; i++) {
            java.nio.file.Files.writeString(dir.resolve("sys/devices/system/cpu/cpu" + i + "/topology/core_cpus_list"), (i % 4) + "," + (i % 4 + 4) + "\n");
        }
        Cpu fromNewName = Sources.CPU.read(org.guestdiag.host.Root.of(dir), new Problems());
        assertThat(fromNewName.threadsPerCoreBySysfs()).hasValue(2);
        // the evidence names the file the list was read from
        assertThat(fromNewName.topology().get(0).siblingsFile()).hasValue("core_cpus_list");
    }
}
