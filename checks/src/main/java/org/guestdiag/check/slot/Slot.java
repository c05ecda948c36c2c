package org.guestdiag.check.slot;

import java.util.List;
import org.guestdiag.check.Evidence;

/**
 * A disk's or NIC's name in the hypervisor's configuration ({@code scsi1}, {@code virtio0}, {@code net0}) and
 * what in the guest tells it.
 */
public record Slot(String name, List<Evidence> evidence) {
    public Slot {
        evidence = List.copyOf(evidence);
    }
}
