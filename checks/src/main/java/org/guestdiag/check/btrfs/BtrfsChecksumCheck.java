package org.guestdiag.check.btrfs;

import java.util.List;
import java.util.Optional;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.BtrfsChecksum;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.Cpu;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Which driver computes each btrfs's checksums: crc32c-generic in software because the guest CPU model
 * hides SSE4.2 costs CPU on every block read and written. The CPU side is the cpu-features check's
 * {@code cpu.missing-features} finding; this one ties it to the filesystem that pays for it.
 */
public final class BtrfsChecksumCheck implements Check {
    @Override public String name() { return "btrfs-checksum"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS); }
    @Override public List<Source<?>> optional() { return List.of(Sources.CPU, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        Optional<Cpu> cpu = inv.find(Sources.CPU);
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            if (fs.checksum().isEmpty()) continue; // kernels before 5.5 do not say
            BtrfsChecksum c = fs.checksum().get();
            if (!c.generic() || !c.algorithm().equals("crc32c")) continue;
            boolean noSse42 = cpu.map(x -> !x.has("sse4_2")).orElse(false);
            Finding.Builder f = Finding.of("btrfs.checksum-generic", noSse42 ? Severity.WARNING : Severity.INFO, fs.displayName())
                    .summary("btrfs " + fs.displayName() + " computes crc32c in software (" + c.driver() + ")"
                            + (noSse42 ? ": the guest CPU lacks SSE4.2 (see finding cpu.missing-features)" : ""))
                    .evidence(Btrfs.sys(fs, "checksum"), c.algorithm() + " (" + c.driver() + ")");
            cpu.ifPresent(x -> f.evidence("/proc/cpuinfo flags", x.has("sse4_2") ? "sse4_2 present" : "sse4_2 missing"));
            f.why(noSse42
                    ? "Every block btrfs reads or writes is checksummed; crc32c with the SSE4.2 instruction is several times faster "
                            + "than the table-driven generic code. The host CPU almost certainly has it; the VM's CPU model hides it."
                    : "The CPU has SSE4.2, but the accelerated driver (crc32c-intel) was not loaded when the filesystem was "
                            + "mounted: it is missing from the initramfs, so the kernel took the generic one.");
            boolean physical = cpu.isPresent() && !Machine.of(inv).vm();
            f.remedy(noSse42 && physical
                    ? Remedy.guest("none on this machine: its processor has no SSE4.2, so crc32c stays in software; xxhash (mkfs.btrfs "
                            + "--csum xxhash) costs less on such a CPU for a new filesystem")
                    : noSse42
                    ? Remedy.of("qm set <vmid> --cpu host   (or x86-64-v2-AES), then restart the VM; see cpu.missing-features",
                            "virsh edit <domain>: <cpu mode='host-passthrough'/>; applied at the domain's next shutdown and start", "-cpu host")
                    : Remedy.guest("add crc32c-intel to the initramfs (e.g. /etc/initramfs-tools/modules, dracut add_drivers) and reboot"));
            out.add(f);
        }
    }
}
