package org.guestdiag.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.guestdiag.Fixtures;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The machines that are not QEMU guests (src/test/snapshots/make-hosts.py): a physical server and laptop get no VM
 * advice and still have their storage judged; a container is told once that what it sees is its host's.
 */
class BareMetalTest {
    /** Words of VM advice that have no place on a physical machine or in a container. */
    static final List<String> VM_ADVICE = List.of("qm set", "-cpu ", "-device ", "QEMU", "emulated", "passed through",
            "vCPU", "a VM was given", "virtio", "the guest");

    /**
     * Findings that come only from the four parser gaps the lead fixes in another tree (issue 20 notes): bonding_masters
     * read as an interface (agent.unreadable), NUMA nodes with cpumap but no cpulist read as CPU-less (numa.unbalanced-node).
     * Left out of the exact verdicts until then; {@link #afterTheParserFixes} asserts they are gone.
     */
    static final Set<String> AWAITING_PARSER_FIXES = Set.of();

    static Stream<Arguments> machines() {
        return Stream.of(
                // the partition at sector 63 on a 512e disk: storage is still judged
                Arguments.of("host-server", List.of("btrfs.metadata-space media", "disk.partition-misaligned sda1", "md.degraded md0")),
                Arguments.of("host-laptop", List.of()),
                Arguments.of("host-lxc", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void exactlyTheDeservedWarnings(String fixture, List<String> expected) {
        Diagnosis d = Fixtures.diagnose(fixture);
        List<String> seen = Fixtures.at(d, Severity.WARNING).stream().filter(s -> !AWAITING_PARSER_FIXES.contains(s)).toList();
        assertThat(seen).isEqualTo(expected);
        assertThat(d.results()).allSatisfy(r -> assertThat(r.status()).as(r.check() + " " + r.reason()).isEqualTo(CheckResult.Status.OK));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"host-server", "host-laptop", "host-lxc"})
    void noVmAdviceAnywhere(String fixture) {
        for (Finding f : Fixtures.diagnose(fixture).findings()) {
            StringBuilder text = new StringBuilder(f.summary()).append('\n').append(f.why());
            f.evidence().forEach(e -> text.append('\n').append(e.value()));
            if (f.remedy() != null) {
                assertThat(f.remedy().proxmox()).as(f.id() + " Proxmox remedy").isNull();
                assertThat(f.remedy().qemu()).as(f.id() + " QEMU remedy").isNull();
                text.append('\n').append(f.remedy().guest());
            }
            for (String word : VM_ADVICE) assertThat(text.toString()).as(f.id() + " " + f.subject()).doesNotContain(word);
            assertThat(f.evidence()).as(f.id()).isNotEmpty();
        }
    }

    @Test
    void physicalMachinesSayWhatTheyAreOnceAndStillJudgeEveryDisk() {
        Diagnosis server = Fixtures.diagnose("host-server");
        assertThat(Fixtures.ids(server.findings())).filteredOn(s -> s.startsWith("hypervisor.")).containsExactly("hypervisor.bare-metal host");
        assertThat(Fixtures.ids(server.findings())).contains("disk.bus sda", "disk.bus sdb", "disk.bus nvme0n1",
                "smart.not-queried sda", "smart.not-queried sdb", "smart.not-queried nvme0n1", "nic.driver eno1", "nic.driver eno2",
                "cpu.topology cpu", "cpu.level cpu");
        // a 2-socket server is not a multi-socket VM without NUMA, nor does its real AHCI controller count as emulated
        assertThat(Fixtures.ids(server.findings())).doesNotContain("numa.single-node numa", "disk.emulated-bus sda", "disk.passthrough sda");

        Diagnosis laptop = Fixtures.diagnose("host-laptop");
        assertThat(Fixtures.ids(laptop.findings())).contains("hypervisor.bare-metal host", "disk.bus nvme0n1", "disk.pseudo sda",
                "nic.driver enp0s31f6", "disk.discard-schedule-unknown nvme0n1");
        // scsi_debug is judged for nothing but what it is
        assertThat(laptop.findings()).filteredOn(f -> f.subject().equals("sda")).extracting(Finding::id).containsExactly("disk.pseudo");
    }

    @Test
    void aContainerIsToldOnceAndNoneOfItsHostsHardwareIsJudged() {
        Diagnosis lxc = Fixtures.diagnose("host-lxc");
        assertThat(Fixtures.ids(lxc.findings())).containsExactly("hypervisor.container container");
        Finding f = lxc.findings().get(0);
        assertThat(f.summary()).contains("lxc").contains("host's");
        assertThat(f.remedy().guest()).contains("on the host");
    }

    @Test
    void everyQemuGuestCaptureIsAVm() {
        for (String fixture : Fixtures.all()) {
            if (fixture.startsWith("host-")) continue;
            assertThat(Machine.of(Fixtures.inventory(Fixtures.root(fixture))).kind()).as(fixture).isEqualTo(Machine.Kind.VM);
        }
    }

    @Test
    void eachSignOfAHypervisorAloneMakesAVm() {
        Cpu guest = Fixtures.read("cpu-epyc", Sources.CPU);
        Hypervisor qemu = Fixtures.read("cpu-epyc", Sources.HYPERVISOR);
        Set<String> noFlag = new TreeSet<>(guest.flags());
        noFlag.remove("hypervisor");
        Cpu hidden = new Cpu(guest.vendor(), guest.modelName(), guest.family(), guest.model(), guest.stepping(), noFlag,
                false, guest.processors(), guest.online(), guest.topology(), guest.cpuinfo());
        Hypervisor noDmi = new Hypervisor(Optional.empty(), java.util.Map.of(), List.of(), Optional.empty(), Optional.empty());
        assertThat(Machine.of(guest, Optional.of(noDmi)).kind()).as("the cpuinfo flag").isEqualTo(Machine.Kind.VM);
        // QEMU's DMI (sys_vendor QEMU) with the flag hidden (-cpu host,-hypervisor)
        assertThat(Machine.of(hidden, Optional.of(qemu)).kind()).as("DMI").isEqualTo(Machine.Kind.VM);
        Hypervisor kvmClock = new Hypervisor(Optional.empty(), java.util.Map.of(), List.of("kvm-clock", "tsc"), Optional.empty(), Optional.empty());
        assertThat(Machine.of(hidden, Optional.of(kvmClock)).kind()).as("kvm-clock").isEqualTo(Machine.Kind.VM);
        Hypervisor hyperV = new Hypervisor(Optional.empty(), java.util.Map.of("sys_vendor", "Microsoft Corporation", "product_name", "Virtual Machine"),
                List.of(), Optional.empty(), Optional.empty());
        assertThat(Machine.of(hidden, Optional.of(hyperV)).kind()).as("Hyper-V").isEqualTo(Machine.Kind.VM);
        assertThat(Machine.of(hidden, Optional.of(noDmi)).kind()).as("no sign at all").isEqualTo(Machine.Kind.BARE_METAL);
        // off x86 there is no hypervisor flag whose absence would mean something
        Cpu arm = new Cpu("0x41", "", guest.family(), guest.model(), guest.stepping(), Set.of("fp", "asimd", "aes"), false, 4,
                Optional.empty(), List.of(), List.of());
        assertThat(Machine.of(arm, Optional.of(noDmi)).kind()).as("arm64 without DMI").isEqualTo(Machine.Kind.VM);
    }

    /**
     * The verdicts once the lead's parser fixes are merged (bonding_masters, cpumap without cpulist, topology from
     * cpuinfo without thread_siblings_list, the last /proc/crypto entry): turn on after that merge.
     */
    @Test
    void afterTheParserFixes() {
        Diagnosis server = Fixtures.diagnose("host-server");
        assertThat(Fixtures.at(server, Severity.WARNING)).containsExactly("btrfs.metadata-space media", "disk.partition-misaligned sda1", "md.degraded md0");
        assertThat(Fixtures.ids(server.findings())).doesNotContain("numa.unbalanced-node node0", "numa.unbalanced-node node1")
                .contains("numa.layout numa");
        Diagnosis laptop = Fixtures.diagnose("host-laptop");
        assertThat(laptop.findings()).filteredOn(f -> f.id().equals("cpu.topology")).singleElement()
                .satisfies(f -> assertThat(f.summary()).isEqualTo("8 CPUs as 1 socket × 4 cores × 2 threads"));
        assertThat(laptop.findings()).filteredOn(f -> f.id().equals("cpu.acceleration")).singleElement()
                .satisfies(f -> assertThat(f.summary()).isEqualTo("The kernel uses crc32c by crc32c-intel, aes by aes-aesni"));
    }
}
