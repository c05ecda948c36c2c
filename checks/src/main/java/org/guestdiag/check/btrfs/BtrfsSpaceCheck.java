package org.guestdiag.check.btrfs;

import static org.guestdiag.check.btrfs.BtrfsThresholds.METADATA_FILL_CRITICAL;
import static org.guestdiag.check.btrfs.BtrfsThresholds.METADATA_FILL_WARNING;
import static org.guestdiag.check.btrfs.BtrfsThresholds.UNALLOCATED_CRITICAL_BYTES;
import static org.guestdiag.check.btrfs.BtrfsThresholds.UNALLOCATED_WARNING_BYTES;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.guestdiag.check.Check;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Machine;
import org.guestdiag.check.Remedy;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.check.Text;
import org.guestdiag.model.BtrfsAllocation;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.BtrfsProfile;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.read.Inventory;

/**
 * Metadata running out of room: btrfs allocates space in chunks, and when metadata chunks are nearly full
 * and no unallocated space is left for a new one, a transaction fails with ENOSPC and the filesystem goes
 * read-only, while {@code df} still shows free (data) space. Thresholds in {@link BtrfsThresholds}.
 */
public final class BtrfsSpaceCheck implements Check {
    @Override public String name() { return "btrfs-space"; }
    @Override public String area() { return Btrfs.AREA; }
    @Override public List<Source<?>> requires() { return List.of(Sources.BTRFS); }
    @Override public List<Source<?>> optional() { return Machine.SOURCES; }

    @Override
    public void run(Inventory inv, Report out) {
        for (BtrfsFilesystem fs : inv.get(Sources.BTRFS)) {
            OptionalLong unallocated = fs.unallocatedBytes();
            BtrfsAllocation meta = fs.allocation().get("metadata");
            if (meta == null || meta.totalBytes().isEmpty() || meta.bytesUsed().isEmpty() || unallocated.isEmpty()) continue;
            long total = meta.totalBytes().getAsLong();
            if (total == 0) continue;
            // the global reserve is carved out of metadata: ordinary operations hit ENOSPC once use reaches
            // total minus the reserve (seen in the lab: 77 % "used" and no file could be created any more)
            long reserve = fs.globalReserveBytes().orElse(0);
            double fill = (double) (meta.bytesUsed().getAsLong() + reserve) / total;
            long u = unallocated.getAsLong();
            Severity s = fill >= METADATA_FILL_CRITICAL && u < UNALLOCATED_CRITICAL_BYTES ? Severity.CRITICAL
                    : fill >= METADATA_FILL_WARNING && u < UNALLOCATED_WARNING_BYTES ? Severity.WARNING : Severity.OK;
            if (s == Severity.OK) continue;
            Finding.Builder f = Finding.of("btrfs.metadata-space", s, fs.displayName())
                    .summary(String.format(Locale.ROOT, "btrfs %s metadata is %.0f%% full (%s used + %s global reserve of %s) with only %s unallocated",
                            fs.displayName(), fill * 100, Text.bytes(meta.bytesUsed().getAsLong()), Text.bytes(reserve), Text.bytes(total), Text.bytes(u)))
                    .evidence(Btrfs.sys(fs, "allocation/metadata/bytes_used"), meta.bytesUsed().getAsLong())
                    .evidence(Btrfs.sys(fs, "allocation/global_rsv_size"), fs.globalReserveBytes().isPresent() ? String.valueOf(reserve) : "absent (counted as 0)")
                    .evidence(Btrfs.sys(fs, "allocation/metadata/total_bytes"), total)
                    .evidence("unallocated (" + fs.unallocatedMethod() + ")", u);
            parityEvidence(fs, f);
            out.add(f
                    .evidence("thresholds", String.format(Locale.ROOT, "warning: fill >= %.0f%% and unallocated < %s; critical: fill >= %.0f%% and unallocated < %s",
                            METADATA_FILL_WARNING * 100, Text.bytes(UNALLOCATED_WARNING_BYTES), METADATA_FILL_CRITICAL * 100, Text.bytes(UNALLOCATED_CRITICAL_BYTES)))
                    .why("When metadata cannot get a new chunk, the next transaction that needs metadata fails with ENOSPC and "
                            + "btrfs forces itself read-only, even though df shows free space: the free space is in data chunks.")
                    .remedy(Machine.of(inv).here(new Remedy("grow the virtual disk: qm resize <vmid> <disk> +10G",
                            "grow the virtual disk: virsh blockresize <domain> <target, e.g. vdb> <new size>",
                            "qemu-img resize / block_resize in the monitor",
                            "free data chunks back to unallocated: btrfs balance start -dusage=10 <mountpoint> (raise the number step "
                                    + "by step); after growing the disk: btrfs filesystem resize max <mountpoint>; delete old snapshots"))));
        }
    }

    /** RAID5/6 chunks, whose parity the kernel's disk_total leaves out: the number the raw size was computed from. */
    private static void parityEvidence(BtrfsFilesystem fs, Finding.Builder f) {
        for (BtrfsAllocation a : fs.allocation().values()) {
            for (BtrfsAllocation.ProfileTotal pt : a.profileTotals()) {
                BtrfsProfile.of(pt.profile()).filter(BtrfsProfile::parity).ifPresent(p -> pt.totalBytes().ifPresent(t ->
                        f.evidence(Btrfs.sys(fs, "allocation/" + a.type() + "/" + pt.profile() + "/total_bytes"),
                                t + " logical, " + p.raw(t, fs.deviceCount()).getAsLong() + " raw striped over " + fs.deviceCount() + " devices")));
            }
        }
    }
}
