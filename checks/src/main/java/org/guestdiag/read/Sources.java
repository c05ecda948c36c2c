package org.guestdiag.read;

import java.util.List;
import org.guestdiag.model.BtrfsFilesystem;
import org.guestdiag.model.Cpu;
import org.guestdiag.model.CryptoDriver;
import org.guestdiag.model.Disk;
import org.guestdiag.model.DiskState;
import org.guestdiag.model.Hypervisor;
import org.guestdiag.model.KernelLog;
import org.guestdiag.model.MdArray;
import org.guestdiag.model.Mount;
import org.guestdiag.model.Nic;
import org.guestdiag.model.Numa;
import org.guestdiag.model.ScrubRecords;
import org.guestdiag.model.SmartDisk;
import org.guestdiag.model.StorageFilesystem;
import org.guestdiag.model.TrimSchedule;
import org.guestdiag.read.smart.SmartReader;

/** Every source, once: checks name the ones they need by these constants. */
public final class Sources {
    private Sources() { }

    public static final Source<Cpu> CPU = new CpuReader();
    public static final Source<Hypervisor> HYPERVISOR = new HypervisorReader();
    public static final Source<Numa> NUMA = new NumaReader();
    public static final Source<List<Disk>> DISKS = new DiskReader();
    public static final Source<List<Nic>> NICS = new NicReader();
    public static final Source<List<Mount>> MOUNTS = new MountReader();
    public static final Source<KernelLog> KERNEL_LOG = new KernelLogReader();
    public static final Source<List<CryptoDriver>> CRYPTO = new CryptoReader();
    public static final Source<TrimSchedule> TRIM_SCHEDULE = new TrimScheduleReader();
    public static final Source<List<BtrfsFilesystem>> BTRFS = new BtrfsReader();
    public static final Source<ScrubRecords> BTRFS_SCRUB = new ScrubStatusReader();
    public static final Source<List<SmartDisk>> SMART = new SmartReader();
    // --- md RAID (issue 21.1) ---
    public static final Source<List<MdArray>> MD = new MdReader();
    // --- end md RAID ---
    // --- ext4/XFS and disk state (issue 21, part 2) ---
    public static final Source<List<StorageFilesystem>> FILESYSTEMS = new FilesystemReader();
    public static final Source<List<DiskState>> DISK_STATE = new DiskStateReader();
    // --- end ext4/XFS and disk state ---

    public static List<Source<?>> all() {
        return List.of(CPU, HYPERVISOR, NUMA, DISKS, NICS, MOUNTS, KERNEL_LOG, CRYPTO, TRIM_SCHEDULE,
                BTRFS, BTRFS_SCRUB, SMART,
                // --- md RAID (issue 21.1) ---
                MD,
                // --- end md RAID ---
                FILESYSTEMS, DISK_STATE);
    }
}
