package org.guestdiag.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One verdict, the same object everywhere: the text report, JSON, {@code guestdiag_finding{…}} and the
 * status page render it.
 *
 * @param check   the short name of the check that produced it (cpu-model, disk-bus, …)
 * @param id      stable id, e.g. {@code cpu.generic-model}
 * @param subject what it is about: a disk name, a NIC, a filesystem, or {@code cpu}/{@code vm}
 * @param summary one line a person understands
 * @param why     why it matters
 * @param remedy  how to fix it; null for informational findings with nothing to do
 */
public record Finding(String check, String id, Severity severity, String subject, String summary,
                      List<Evidence> evidence, String why, Remedy remedy) {
    public Finding {
        Objects.requireNonNull(check);
        Objects.requireNonNull(id);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(summary);
        evidence = List.copyOf(evidence);
    }

    public static Builder of(String id, Severity severity, String subject) {
        return new Builder(id, severity, subject);
    }

    /** Builds findings inside a check; the runner stamps the check's name. */
    public static final class Builder {
        private final String id;
        private final Severity severity;
        private final String subject;
        private String summary = "";
        private final List<Evidence> evidence = new ArrayList<>();
        private String why;
        private Remedy remedy;

        private Builder(String id, Severity severity, String subject) {
            this.id = id;
            this.severity = severity;
            this.subject = subject;
        }

        public Builder summary(String s) { summary = s; return this; }
        public Builder evidence(String source, Object value) { evidence.add(new Evidence(source, String.valueOf(value))); return this; }
        public Builder evidence(List<Evidence> e) { evidence.addAll(e); return this; }
        public Builder why(String s) { why = s; return this; }
        public Builder remedy(Remedy r) { remedy = r; return this; }
        public Builder remedy(String proxmox, String libvirt, String qemu) { remedy = Remedy.of(proxmox, libvirt, qemu); return this; }

        public Finding build(String check) {
            return new Finding(check, id, severity, subject, summary, evidence, why, remedy);
        }
    }
}
