package org.guestdiag.check.btrfs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.ScrubDevice;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.ScrubStatus;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * When each btrfs was last scrubbed and what the scrub found, from btrfs-progs' status files. A scrub reads
 * every block and checks it against its checksum: the only way to find silent corruption before a read
 * needs the block. "Now" is the inventory's time, so the verdict is a pure function of what was read.
 */
public final class BtrfsScrubCheck implements Check {
    @Override public String name() { return "btrfs-scrub"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS, Sources.BTRFS_SCRUB); }
    /** The last scrub ages while its record stays the same: the scrub falls due without a source changing. */
    @Override public boolean usesTime() { return true; }

    @Override
    public void run(Inventory inv, Report out) {
        ScrubRecords records = inv.get(Sources.BTRFS_SCRUB);
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            Optional<ScrubStatus> st = records.statuses().stream().filter(s -> s.fsid().equals(fs.fsid())).findFirst();
            String file = "/var/lib/btrfs/scrub.status." + fs.fsid();
            if (!records.directory()) {
                out.add(unknown(fs));
                continue;
            }
            if (st.isEmpty() || st.get().devices().isEmpty()) {
                out.add(due(fs, "btrfs " + fs.displayName() + " was never scrubbed (no btrfs-progs record)", file,
                        st.isEmpty() ? "absent, in an existing /var/lib/btrfs" : "no device lines"));
                continue;
            }
            long uncorrectable = 0;
            long corrected = 0;
            OptionalLong last = OptionalLong.empty();
            for (ScrubDevice d : st.get().devices()) {
                uncorrectable += d.uncorrectableErrors().orElse(0);
                corrected += d.correctedErrors().orElse(0);
                if (d.finish().isPresent() && (last.isEmpty() || d.finish().getAsLong() > last.getAsLong())) last = d.finish();
            }
            if (uncorrectable > 0 || corrected > 0) {
                out.add(Finding.of("btrfs.scrub-errors", uncorrectable > 0 ? Severity.CRITICAL : Severity.WARNING, fs.displayName())
                        .summary("The last scrub of btrfs " + fs.displayName() + " found " + (uncorrectable > 0
                                ? uncorrectable + " uncorrectable errors (data lost)" : corrected + " errors it corrected from another copy"))
                        .evidence(file, "uncorrectable_errors " + uncorrectable + ", corrected_errors " + corrected)
                        .why(uncorrectable > 0
                                ? "Blocks whose every copy failed its checksum: the files holding them return EIO. The disk under them "
                                        + "(or the path to it) damaged data."
                                : "Blocks failed their checksum and were rewritten from a good copy: the filesystem is intact now, but "
                                        + "something below it corrupts data.")
                        .remedy(Remedy.guest("dmesg | grep -i 'csum failed\\|checksum error' names the files (inode and root); restore "
                                + "them from backup, find the cause (host storage, disk cache mode), then btrfs scrub start -B <mountpoint> again")));
            }
            if (last.isEmpty()) {
                out.add(due(fs, "The last scrub of btrfs " + fs.displayName() + " did not finish (canceled or interrupted)", file, "finished 0"));
            } else {
                Duration age = Duration.between(Instant.ofEpochSecond(last.getAsLong()), inv.takenAt());
                if (age.compareTo(BtrfsThresholds.SCRUB_MAX_AGE) > 0) {
                    out.add(due(fs, "btrfs " + fs.displayName() + " was last scrubbed " + age.toDays() + " days ago", file,
                            "finished at " + Instant.ofEpochSecond(last.getAsLong())));
                }
            }
        }
    }

    /** No /var/lib/btrfs: whether and when a scrub ran cannot be read here, which is said rather than taken as "never". */
    private static Finding.Builder unknown(BtrfsFilesystem fs) {
        return Finding.of("btrfs.scrub-unknown", Severity.INFO, fs.displayName())
                .summary("Whether btrfs " + fs.displayName() + " was ever scrubbed is unknown: there is no /var/lib/btrfs to hold btrfs-progs' record")
                .evidence("/var/lib/btrfs", "absent")
                .why("btrfs-progs writes the result of every scrub to /var/lib/btrfs/scrub.status.FSID and creates the directory at "
                        + "its first scrub. Without it, no scrub ran with btrfs-progs on this root, or /var is not this system's "
                        + "(a container, --path.rootfs elsewhere), or another tool scrubs: the age of the last scrub cannot be told.")
                .remedy(Remedy.guest("scrub with btrfs-progs, which keeps the record: btrfs scrub start <mountpoint> now, and monthly: "
                        + "systemctl enable --now btrfs-scrub@$(systemd-escape -p <mountpoint>).timer"));
    }

    private static Finding.Builder due(BtrfsFilesystem fs, String summary, String file, String seen) {
        return Finding.of("btrfs.scrub-due", Severity.INFO, fs.displayName())
                .summary(summary)
                .evidence(file, seen)
                .why("A scrub reads every block and verifies its checksum, finding silent corruption while a good copy still "
                        + "exists; without one, damage surfaces only when a file is read, perhaps after the mirror failed too. "
                        + "Scrubs run by other tools than btrfs-progs leave no record here.")
                .remedy(Remedy.guest("btrfs scrub start <mountpoint> now, and monthly: systemctl enable --now btrfs-scrub@$(systemd-escape -p <mountpoint>).timer "
                        + "(btrfsmaintenance on openSUSE, Rockstor's scheduled scrub)"));
    }
}
