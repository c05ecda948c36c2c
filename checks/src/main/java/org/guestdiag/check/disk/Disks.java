package org.guestdiag.check.disk;

import java.util.List;
import java.util.stream.Collectors;
import org.guestdiag.check.Evidence;
import org.guestdiag.model.Disk;
import org.guestdiag.model.Mount;

/** Evidence shared by the disk checks. */
final class Disks {
    private Disks() { }

    static List<Evidence> chainEvidence(Disk d) {
        String chain = d.chain().stream()
                .map(l -> l.name() + l.driver().map(x -> "(" + x + ")").orElse(""))
                .collect(Collectors.joining(" → "));
        return List.of(new Evidence("/sys/block/" + d.name() + "/device", chain.isEmpty() ? "(no device)" : chain));
    }

    static List<Evidence> hostEvidence(Disk d) {
        return d.scsiHost().map(h -> List.of(new Evidence("/sys/class/scsi_host/" + h.name() + "/proc_name", h.procName())))
                .orElse(List.of());
    }

    static List<Evidence> queueDepthEvidence(Disk d) {
        return d.queueDepth().isPresent()
                ? List.of(new Evidence("/sys/block/" + d.name() + "/device/queue_depth", String.valueOf(d.queueDepth().getAsInt())))
                : List.of();
    }

    static String hostDriver(Disk d) {
        return d.scsiHost().map(h -> h.procName()).orElse(d.controller().map(c -> c.driver()).orElse("?"));
    }

    /** Whether a mount's source is this disk or one of its partitions (/dev/sda, /dev/sda1). */
    static boolean mountIsOn(Mount m, Disk d) {
        String src = m.source();
        if (!src.startsWith("/dev/")) return false;
        String dev = src.substring(5);
        return dev.equals(d.name()) || d.partitions().stream().anyMatch(p -> p.name().equals(dev));
    }
}
