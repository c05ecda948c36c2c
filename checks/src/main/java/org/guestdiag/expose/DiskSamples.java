package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.guestdiag.check.Machine;
import org.guestdiag.check.QemuDevices;
import org.guestdiag.check.slot.Slot;
import org.guestdiag.check.slot.Slots;
import org.guestdiag.model.BlockQueue;
import org.guestdiag.model.Controller;
import org.guestdiag.model.DeviceLink;
import org.guestdiag.model.Disk;
import org.guestdiag.model.ScsiHost;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Per disk: how it is attached and what the block layer was told about it. A value the kernel does not
 * provide gives no series rather than a zero, which would read as a real (and alarming) value.
 */
public final class DiskSamples {
    private DiskSamples() { }

    public static List<Sample> of(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        // nothing is emulated on a physical machine, whatever its controller (ahci, megaraid_sas) would be in a VM
        boolean vm = Machine.of(inv).vm();
        Slots slots = Slots.of(inv);
        for (Disk d : inv.find(Sources.DISKS).orElse(List.of())) add(d, vm, slots, out);
        return out;
    }

    private static void add(Disk d, boolean vm, Slots slots, List<Sample> out) {
        Map<String, String> device = Labels.of("device", d.name());
        out.add(Sample.gauge("guestdiag_disk_info",
                "Disk in /sys/block: its low-level driver, bus, controller (PCI address), model, whether QEMU emulates the bus, "
                        + "and its slot in the hypervisor's configuration (Proxmox scsi1, virtio0) where device/vpd_pg83 and its PCI place tell it, else empty.",
                Labels.of("device", d.name(), "driver", driver(d), "bus", d.bus().label(),
                        "controller", d.controller().map(Controller::id).orElse(""), "model", d.model().orElse(""),
                        "emulated", Boolean.toString(vm && QemuDevices.emulatedBus(d)),
                        "slot", slots.disk(d).map(Slot::name).orElse("")), 1));
        BlockQueue q = d.queue();
        gauge(out, "guestdiag_disk_queue_depth", "SCSI device queue depth (/sys/block/X/device/queue_depth).", device, d.queueDepth());
        gauge(out, "guestdiag_disk_hardware_queues", "blk-mq hardware queues (/sys/block/X/mq/*).", device, q.hwQueues());
        gauge(out, "guestdiag_disk_nr_requests", "Request slots per queue (/sys/block/X/queue/nr_requests).", device, q.nrRequests());
        gauge(out, "guestdiag_disk_logical_block_size_bytes", "/sys/block/X/queue/logical_block_size.", device, q.logicalBlockSize());
        gauge(out, "guestdiag_disk_physical_block_size_bytes", "/sys/block/X/queue/physical_block_size.", device, q.physicalBlockSize());
        gauge(out, "guestdiag_disk_discard_max_bytes", "Largest discard the device accepts; 0 means no discard (/sys/block/X/queue/discard_max_bytes).",
                device, q.discardMaxBytes());
        gauge(out, "guestdiag_disk_size_bytes", "Disk size (/sys/block/X/size times 512).", device, d.sizeBytes());
        q.rotational().ifPresent(r -> out.add(Sample.gauge("guestdiag_disk_rotational",
                "1 when the guest believes the disk spins (/sys/block/X/queue/rotational).", device, Labels.bool(r))));
        d.scsiHost().ifPresent(h -> gauge(out, "guestdiag_disk_host_can_queue",
                "Commands the SCSI host adapter accepts at once (/sys/class/scsi_host/hostN/can_queue).", device, h.canQueue()));
        // SMART visibility is the smart-visibility check's sample, guestdiag_smart_visible{device,reason}:
        // it knows the disk's actual answer, not only its bus
    }

    /** The driver that speaks the disk's bus: the SCSI host's (virtio_scsi, ata_piix, ahci) or the nearest bound one (virtio_blk, nvme). */
    static String driver(Disk d) {
        return d.scsiHost().map(ScsiHost::procName)
                .or(() -> d.chain().stream().map(DeviceLink::driver).flatMap(Optional::stream).findFirst())
                .orElse("");
    }

    private static void gauge(List<Sample> out, String name, String help, Map<String, String> labels, OptionalInt v) {
        if (v.isPresent()) out.add(Sample.gauge(name, help, labels, v.getAsInt()));
    }

    private static void gauge(List<Sample> out, String name, String help, Map<String, String> labels, OptionalLong v) {
        if (v.isPresent()) out.add(Sample.gauge(name, help, labels, v.getAsLong()));
    }
}
