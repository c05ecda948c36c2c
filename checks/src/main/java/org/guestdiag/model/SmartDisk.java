package org.guestdiag.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one disk answered to the read-only health commands, or why it did not.
 *
 * @param name       the disk (sda, nvme0n1)
 * @param device     its node as the guest sees it, e.g. /dev/sda
 * @param answer     the health data by protocol, or the reason there is none
 * @param transcript each command sent and how it ended, in order, as evidence
 */
public record SmartDisk(String name, String device, Answer answer, List<String> transcript) {
    public SmartDisk {
        transcript = List.copyOf(transcript);
    }

    /** The kind of answer, for JSON readers and labels: ata, scsi, nvme or unavailable. */
    public String kind() {
        return answer.kind();
    }

    public sealed interface Answer permits Unavailable, Ata, Scsi, Nvme {
        String kind();
    }

    /** No health data, and why (the reason of the first command that failed or the absence of the node). */
    public record Unavailable(Reason reason, String detail) implements Answer {
        @Override public String kind() { return "unavailable"; }
    }

    /**
     * An ATA disk (directly on libata or behind a SCSI-ATA translation layer).
     *
     * @param translation the SAT layer's vendor from VPD page 0x89 ("linux" for libata), when reported
     * @param passed      SMART RETURN STATUS: true passed, false threshold exceeded, empty when not asked
     */
    public record Ata(Optional<String> translation, AtaIdentity identity, Optional<Boolean> passed,
                      List<SmartAttribute> attributes) implements Answer {
        public Ata {
            attributes = List.copyOf(attributes);
        }

        @Override public String kind() { return "ata"; }

        public Optional<SmartAttribute> attribute(int id) {
            return attributes.stream().filter(a -> a.id() == id).findFirst();
        }
    }

    /**
     * A SCSI or SAS disk: its identity and what its log pages say.
     *
     * @param logPages           the LOG SENSE pages it supports (page 0x00)
     * @param failurePredicted   the informational exceptions page's ASC/ASCQ when not 0/0 (SPC-4 7.3.8), e.g. "5d/10"
     * @param temperatureCelsius the temperature page's current temperature
     * @param uncorrectedErrors  the sum of "total uncorrected errors" of the read, write and verify error counter pages
     */
    public record Scsi(String vendor, String product, String revision, List<Integer> logPages,
                       Optional<String> failurePredicted, OptionalInt temperatureCelsius,
                       OptionalLong uncorrectedErrors) implements Answer {
        public Scsi {
            logPages = List.copyOf(logPages);
        }

        @Override public String kind() { return "scsi"; }

        /** Whether the disk reports anything about its health: the informational exceptions page. */
        public boolean reportsHealth() {
            return logPages.contains(0x2f);
        }
    }

    public record Nvme(NvmeHealth health) implements Answer {
        @Override public String kind() { return "nvme"; }
    }

    /** Why a disk gave no health data; the label is the {@code reason} of guestdiag_smart_visible. */
    public enum Reason {
        NO_DEVICE_NODE("no-device-node"),
        NO_SG_IO("no-sg-io"),
        NO_PERMISSION("no-permission"),
        NO_ANSWER("no-answer"),
        NOT_SUPPORTED("not-supported"),
        ERROR("error");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
