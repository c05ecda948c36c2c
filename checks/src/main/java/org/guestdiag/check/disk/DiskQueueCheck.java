package org.guestdiag.check.disk;

import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.Disk;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/** Queue depth and hardware queues: how many requests a disk can have in flight, and from how many CPUs. */
public final class DiskQueueCheck implements Check {
    /** At or below this many commands in flight a disk serialises I/O (IDE: 1). */
    static final int TINY_QUEUE_DEPTH = 4;
    /** From this many vCPUs one hardware queue becomes a lock all CPUs contend on. */
    static final int MANY_VCPUS = 4;

    @Override public String name() { return "disk-queue"; }
    @Override public String area() { return "disk"; }
    @Override public List<Source<?>> requires() { return List.of(Sources.DISKS); }
    // the vCPU count only sizes the single-queue advice: without cpuinfo the queue depths are still judged
    @Override public List<Source<?>> optional() { return List.of(Sources.CPU, Sources.HYPERVISOR); }

    @Override
    public void run(Inventory inv, Report out) {
        java.util.Optional<Cpu> cpu = inv.find(Sources.CPU);
        Machine machine = Machine.of(inv);
        if (machine.container()) return; // the host's disks: the hypervisor check says so once
        for (Disk d : inv.get(Sources.DISKS)) {
            if (d.pseudo()) continue;
            if (machine.bareMetal()) {
                physical(d, out);
                continue;
            }
            if (d.queueDepth().isPresent() && d.queueDepth().getAsInt() <= TINY_QUEUE_DEPTH) {
                Finding.Builder f = Finding.of("disk.queue-depth", Severity.WARNING, d.name())
                        .summary(d.name() + " accepts " + d.queueDepth().getAsInt() + (d.queueDepth().getAsInt() == 1 ? " command" : " commands") + " at a time")
                        .evidence(Disks.queueDepthEvidence(d));
                d.queue().nrRequests().ifPresent(n -> f.evidence("/sys/block/" + d.name() + "/queue/nr_requests", n));
                d.scsiHost().ifPresent(h -> h.canQueue().ifPresent(c -> f.evidence("/sys/class/scsi_host/" + h.name() + "/can_queue", c)));
                out.add(f.why("With so shallow a queue every request waits for the one before it: SSD and networked storage, which "
                                + "need many requests in flight, run at a fraction of their speed.")
                        .remedy("qm set <vmid> --scsihw virtio-scsi-single and attach the disk as scsiN (queue depth 128+)",
                                "virsh edit <domain>: <controller type='scsi' model='virtio-scsi'/> and the disk's <target bus='scsi'/> (or bus='virtio'); applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                "-device virtio-scsi-pci … -device scsi-hd (or -device virtio-blk-pci)"));
            }
            boolean paravirtual = d.bus() == Bus.VIRTIO_BLK || d.bus() == Bus.VIRTIO_SCSI || d.bus() == Bus.NVME;
            if (paravirtual && d.queue().hwQueues().isPresent() && d.queue().hwQueues().getAsInt() == 1
                    && cpu.isPresent() && cpu.get().processors() >= MANY_VCPUS) {
                int vcpus = cpu.get().processors();
                out.add(Finding.of("disk.single-queue", Severity.INFO, d.name())
                        .summary(d.name() + " has one hardware queue for " + vcpus + " vCPUs")
                        .evidence("/sys/block/" + d.name() + "/mq", "1 queue")
                        .evidence("/proc/cpuinfo processors", vcpus)
                        .why("With one queue every vCPU submits through the same lock and one interrupt vector; with one queue per "
                                + "vCPU submissions stay CPU-local.")
                        .remedy("qm set <vmid> --scsihw virtio-scsi-single (multi-queue follows the vCPU count on recent Proxmox/QEMU)",
                                d.bus() == Bus.VIRTIO_BLK ? "virsh edit <domain>: <driver name='qemu' queues='" + vcpus + "'/> in the disk; applied at the domain's next shutdown and start (virsh shutdown, virsh start)"
                                        : "virsh edit <domain>: <controller type='scsi' model='virtio-scsi'><driver queues='" + vcpus + "'/></controller>; applied at the domain's next shutdown and start (virsh shutdown, virsh start)",
                                d.bus() == Bus.VIRTIO_BLK ? "-device virtio-blk-pci,num-queues=" + vcpus
                                        : "-device virtio-scsi-pci,num_queues=" + vcpus));
            }
        }
    }

    /** A physical disk's shallow queue is its hardware's or its firmware mode's: told, with what to look at, and no VM remedy. */
    private static void physical(Disk d, Report out) {
        if (d.queueDepth().isEmpty() || d.queueDepth().getAsInt() > TINY_QUEUE_DEPTH) return;
        Finding.Builder f = Finding.of("disk.queue-depth", Severity.WARNING, d.name())
                .summary(d.name() + " accepts " + d.queueDepth().getAsInt() + (d.queueDepth().getAsInt() == 1 ? " command" : " commands") + " at a time")
                .evidence(Disks.queueDepthEvidence(d))
                .evidence(Disks.chainEvidence(d));
        d.scsiHost().ifPresent(h -> h.canQueue().ifPresent(c -> f.evidence("/sys/class/scsi_host/" + h.name() + "/can_queue", c)));
        out.add(f.why("Every request waits for the one before it. A SATA disk queues 32 commands with NCQ; one that takes a single "
                        + "command runs in legacy IDE mode, has NCQ turned off, or sits behind a USB bridge without UAS.")
                .remedy(d.bus() == Bus.USB ? Remedy.guest("attach the disk by SATA/NVMe, or through a UAS-capable USB bridge")
                        : Remedy.guest("set the SATA mode to AHCI in the firmware setup, and check the kernel command line has no "
                                + "libata.force=noncq")));
    }
}
