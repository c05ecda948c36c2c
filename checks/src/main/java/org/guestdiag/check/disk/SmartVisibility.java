package org.guestdiag.check.disk;

import java.util.List;
import java.util.Optional;
import org.guestdiag.model.Bus;
import org.guestdiag.model.Disk;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.model.SmartDisk.Reason;
import org.guestdiag.model.SmartDisk.Unavailable;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;

/**
 * Whether the guest can watch one disk's health, and why not: the one place that decides. The disk's
 * actual answer to the SMART commands wins over what its bus suggests; the bus explains the answer
 * (virtio_blk refusing SG_IO) and is all there is when the disk could not be asked (a snapshot).
 *
 * @param state   visible, hidden, or unknown when the disk was not asked and its bus does not rule SMART out
 * @param reason  a stable label for the {@code reason} of guestdiag_smart_visible: none, virtio-blk, emulated, no-sg-io, …
 * @param because the explanation in plain words
 * @param answer  what the disk answered, when it was asked
 */
public record SmartVisibility(State state, String reason, String because, Optional<SmartDisk> answer) {
    public enum State { VISIBLE, HIDDEN, UNKNOWN }

    public boolean visible() {
        return state == State.VISIBLE;
    }

    public static SmartVisibility of(Disk d, Inventory inv) {
        Optional<String> bus = byBus(d);
        if (inv.outcome(Sources.SMART).filter(o -> o instanceof Outcome.Stuck).isPresent()) {
            return new SmartVisibility(State.HIDDEN, Reason.NO_ANSWER.label(),
                    "the SMART commands did not return within the time bound (a disk that hangs in an ioctl, or a machine too slow for the bound: see --timeout)", Optional.empty());
        }
        Optional<SmartDisk> answer = inv.find(Sources.SMART).orElse(List.of()).stream().filter(s -> s.name().equals(d.name())).findFirst();
        Optional<SmartDisk> asked = answer.filter(a -> !(a.answer() instanceof Unavailable u && u.reason() == Reason.NO_DEVICE_NODE));
        if (asked.isEmpty()) {
            String notAsked = answer.map(a -> ((Unavailable) a.answer()).detail()).orElse("the SMART source was not read");
            if (bus.isPresent()) return new SmartVisibility(State.HIDDEN, busLabel(d), bus.get(), answer);
            return new SmartVisibility(State.UNKNOWN, "not-queried", "not asked: " + notAsked, answer);
        }
        SmartDisk a = asked.get();
        if (a.answer() instanceof Unavailable u) {
            // the bus explains a refusal better than the errno: the driver's own refusal (ENOTTY) confirms it, but
            // "permission denied" beside it would send the user after a second cause that is not one (virtio_blk
            // refuses SG_IO whoever asks)
            if (bus.isPresent()) {
                return new SmartVisibility(State.HIDDEN, busLabel(d), bus.get() + (u.reason() == Reason.NO_PERMISSION ? "" : " (" + u.detail() + ")"), asked);
            }
            return new SmartVisibility(State.HIDDEN, u.reason().label(), u.detail(), asked);
        }
        Optional<String> model = answeredModel(a.answer());
        if (d.qemuModel() || model.filter(m -> m.startsWith("QEMU ")).isPresent()) {
            return new SmartVisibility(State.HIDDEN, "emulated", "an emulated QEMU disk (" + model.or(d::model).orElse("QEMU")
                    + ") answered the " + a.kind().toUpperCase(java.util.Locale.ROOT) + " commands with QEMU's invented data, not a real disk's", asked);
        }
        if (a.answer() instanceof SmartDisk.Scsi s && !s.reportsHealth()) {
            return new SmartVisibility(State.HIDDEN, "no-health-data", s.vendor() + " " + s.product()
                    + " answers INQUIRY but has no informational exceptions log page (LOG SENSE 0x2f)", asked);
        }
        return new SmartVisibility(State.VISIBLE, "none", model.or(d::model).orElse("the disk") + " answered the "
                + a.kind().toUpperCase(java.util.Locale.ROOT) + " health commands", asked);
    }

    /** Why the bus alone rules SMART out, or empty when it may pass through. */
    static Optional<String> byBus(Disk d) {
        if (d.bus() == Bus.VIRTIO_BLK) {
            return Optional.of("virtio_blk has no SCSI or ATA layer in the guest: SMART commands cannot reach the disk");
        }
        if (d.bus() == Bus.XEN_BLKFRONT) return Optional.of("xen-blkfront passes block I/O only");
        if (d.qemuModel()) {
            return Optional.of("an emulated QEMU disk (" + d.model().orElse("QEMU") + "): QEMU answers SMART with invented data or not at all");
        }
        if (d.model().isEmpty() && d.bus() != Bus.NVME) return Optional.of("the disk has no identity the guest can query");
        return Optional.empty();
    }

    private static String busLabel(Disk d) {
        if (d.bus() == Bus.VIRTIO_BLK) return "virtio-blk";
        if (d.bus() == Bus.XEN_BLKFRONT) return "xen-blkfront";
        if (d.qemuModel()) return "emulated";
        return "no-identity";
    }

    private static Optional<String> answeredModel(SmartDisk.Answer a) {
        if (a instanceof SmartDisk.Ata ata) return Optional.of(ata.identity().model());
        if (a instanceof SmartDisk.Scsi s) return Optional.of(s.product());
        return Optional.empty();
    }
}
