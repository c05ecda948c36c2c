package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.guestdiag.check.btrfs.Btrfs;
import org.guestdiag.model.BtrfsAllocation;
import org.guestdiag.model.BtrfsDevice;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsLogEvent;
import org.guestdiag.model.Mount;
import org.guestdiag.model.ScrubDevice;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.ScrubStatus;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Sources;

/**
 * Per btrfs: its checksum driver, space by chunk type, device counters and presence, the last scrub, and
 * per btrfs mount whether it is read-only. The btrfs checks judge the same records; these are the raw values
 * the alert rules compare with the same thresholds.
 */
public final class BtrfsSamples {
    private BtrfsSamples() { }

    /** Every btrfs family: the kernel log, which names devices sysfs does not, parsed once for all of them. */
    public static List<Sample> of(Inventory inv) {
        List<BtrfsLogEvent> events = Btrfs.events(inv);
        List<Sample> out = filesystems(inv, events);
        out.addAll(mounts(inv, events));
        out.addAll(scrubs(inv));
        return out;
    }

    /** From the btrfs source (and the kernel log's events). */
    static List<Sample> filesystems(Inventory inv, List<BtrfsLogEvent> events) {
        List<Sample> out = new ArrayList<>();
        for (BtrfsFilesystem fs : inv.find(Sources.BTRFS).orElse(List.of())) {
            fs.checksum().ifPresent(c -> out.add(Sample.gauge("guestdiag_btrfs_checksum_info",
                    "The checksum algorithm of a btrfs and the kernel driver computing it (/sys/fs/btrfs/FSID/checksum)",
                    labels(fs.fsid(), "algorithm", c.algorithm(), "driver", c.driver()), 1)));
            space(fs, out);
            for (Btrfs.Counters c : Btrfs.counters(fs, events)) {
                for (Map.Entry<String, OptionalLong> e : c.errors().byType().entrySet()) {
                    e.getValue().ifPresent(v -> out.add(Sample.counter("guestdiag_btrfs_device_errors_total",
                            "btrfs persistent device error counters by type (devinfo/N/error_stats, BTRFS_IOC_GET_DEV_STATS, or the kernel log's bdev errs line)",
                            labels(fs.fsid(), "devid", c.devid(), "device", c.name().orElse(""), "type", e.getKey()), v)));
                }
            }
            for (BtrfsDevice d : fs.devices()) {
                d.missing().ifPresent(m -> out.add(Sample.gauge("guestdiag_btrfs_device_missing",
                        "1 when a btrfs device is missing (/sys/fs/btrfs/FSID/devinfo/N/missing)",
                        labels(fs.fsid(), "devid", String.valueOf(d.devid())), Labels.bool(m))));
            }
        }
        return out;
    }

    private static void space(BtrfsFilesystem fs, List<Sample> out) {
        String help = "btrfs allocation by type (data, metadata, system) and kind: total/used logical bytes, disk_total/disk_used raw "
                + "but without RAID5/6 parity (/sys/fs/btrfs/FSID/allocation/TYPE)";
        for (BtrfsAllocation a : fs.allocation().values()) {
            allocation(fs, a, "total", a.totalBytes(), help, out);
            allocation(fs, a, "used", a.bytesUsed(), help, out);
            allocation(fs, a, "disk_total", a.diskTotal(), help, out);
            allocation(fs, a, "disk_used", a.diskUsed(), help, out);
        }
        fs.unallocatedBytes().ifPresent(u -> out.add(Sample.gauge("guestdiag_btrfs_unallocated_bytes", "Raw device bytes not yet allocated to any chunk "
                + "(member sizes minus /sys/fs/btrfs/FSID/allocation/TYPE/PROFILE/total_bytes times the profile's ratio, parity included; with a "
                + "device missing, each present device's size less its bytes_used from BTRFS_IOC_DEV_INFO)", labels(fs.fsid()), u)));
        fs.globalReserveBytes().ifPresent(r -> out.add(Sample.gauge("guestdiag_btrfs_global_reserve_bytes", "Metadata space the kernel keeps back "
                + "for itself (/sys/fs/btrfs/FSID/allocation/global_rsv_size)", labels(fs.fsid()), r)));
    }

    private static void allocation(BtrfsFilesystem fs, BtrfsAllocation a, String kind, OptionalLong v, String help, List<Sample> out) {
        v.ifPresent(n -> out.add(Sample.gauge("guestdiag_btrfs_allocation_bytes", help, labels(fs.fsid(), "type", a.type(), "kind", kind), n)));
    }

    /** Per btrfs mount of mountinfo; the fsid is empty when sysfs does not list the filesystem. */
    static List<Sample> mounts(Inventory inv, List<BtrfsLogEvent> events) {
        List<Sample> out = new ArrayList<>();
        List<BtrfsFilesystem> filesystems = inv.find(Sources.BTRFS).orElse(List.of());
        for (Mount m : inv.find(Sources.MOUNTS).orElse(List.of())) {
            if (!m.fsType().equals("btrfs")) continue;
            Optional<BtrfsFilesystem> fs = Btrfs.of(m, filesystems, events);
            out.add(Sample.gauge("guestdiag_btrfs_readonly", "1 when the btrfs is read-only; reason forced (super options ro, mount rw: the kernel stopped writing) "
                            + "or mount_option (mounted ro). From /proc/self/mountinfo.",
                    labels(fs.map(BtrfsFilesystem::fsid).orElse(""), "mountpoint", m.mountPoint(), "reason", Btrfs.readonlyReason(m)),
                    Labels.bool(m.hasSuperOption("ro"))));
        }
        return out;
    }

    /** From btrfs-progs' scrub records, per device of each btrfs that has them. */
    static List<Sample> scrubs(Inventory inv) {
        List<Sample> out = new ArrayList<>();
        Optional<ScrubRecords> records = inv.find(Sources.BTRFS_SCRUB).filter(ScrubRecords::directory);
        if (records.isEmpty()) return out;
        for (BtrfsFilesystem fs : inv.find(Sources.BTRFS).orElse(List.of())) {
            Optional<ScrubStatus> st = records.get().statuses().stream().filter(s -> s.fsid().equals(fs.fsid())).findFirst();
            for (ScrubDevice d : st.map(ScrubStatus::devices).orElse(List.of())) {
                String devid = String.valueOf(d.devid());
                d.finish().ifPresent(t -> out.add(Sample.gauge("guestdiag_btrfs_scrub_last_finish_timestamp_seconds",
                        "End of the last finished btrfs scrub (/var/lib/btrfs/scrub.status.FSID)", labels(fs.fsid(), "devid", devid), t)));
                scrubErrors(fs, devid, "uncorrectable", d.uncorrectableErrors(), out);
                scrubErrors(fs, devid, "corrected", d.correctedErrors(), out);
                scrubErrors(fs, devid, "read", d.readErrors(), out);
                scrubErrors(fs, devid, "csum", d.csumErrors(), out);
                scrubErrors(fs, devid, "verify", d.verifyErrors(), out);
            }
        }
        return out;
    }

    private static void scrubErrors(BtrfsFilesystem fs, String devid, String type, OptionalLong v, List<Sample> out) {
        v.ifPresent(n -> out.add(Sample.gauge("guestdiag_btrfs_scrub_errors", "Errors found by the last btrfs scrub, by type (/var/lib/btrfs/scrub.status.FSID)",
                labels(fs.fsid(), "devid", devid, "type", type), n)));
    }

    /** fsid first, then the pairs. */
    private static Map<String, String> labels(String fsid, String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = "fsid";
        all[1] = fsid;
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return Labels.of(all);
    }
}
