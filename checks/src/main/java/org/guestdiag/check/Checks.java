package org.guestdiag.check;

import java.util.List;
import org.guestdiag.check.btrfs.BtrfsChecksumCheck;
import org.guestdiag.check.btrfs.BtrfsDeviceErrorsCheck;
import org.guestdiag.check.btrfs.BtrfsMissingDeviceCheck;
import org.guestdiag.check.btrfs.BtrfsReadonlyCheck;
import org.guestdiag.check.btrfs.BtrfsScrubCheck;
import org.guestdiag.check.btrfs.BtrfsSharedControllerCheck;
import org.guestdiag.check.btrfs.BtrfsSpaceCheck;
import org.guestdiag.check.cpu.CpuFeaturesCheck;
import org.guestdiag.check.cpu.CpuModelCheck;
import org.guestdiag.check.disk.DiskBusCheck;
import org.guestdiag.check.disk.DiskDiscardCheck;
import org.guestdiag.check.disk.DiskQueueCheck;
import org.guestdiag.check.disk.DiskSectorsCheck;
import org.guestdiag.check.disk.SmartHealthCheck;
import org.guestdiag.check.disk.SmartVisibilityCheck;
import org.guestdiag.check.hypervisor.HypervisorCheck;
// --- md RAID and disk identity (issue 21.1) ---
import org.guestdiag.check.disk.DiskIdentityCheck;
import org.guestdiag.check.md.MdDegradedCheck;
import org.guestdiag.check.md.MdMismatchCheck;
import org.guestdiag.check.md.MdSyncCheck;
// --- end md RAID ---
import org.guestdiag.check.nic.NicCheck;
import org.guestdiag.check.numa.NumaCheck;
// --- ext4/XFS and disk state ---
import org.guestdiag.check.storage.DiskStateCheck;
import org.guestdiag.check.storage.FilesystemErrorsCheck;
import org.guestdiag.check.storage.FilesystemReadonlyCheck;
// --- end ext4/XFS and disk state ---

/** Every check, in report order. */
public final class Checks {
    private Checks() { }

    public static List<Check> all() {
        return List.of(new HypervisorCheck(), new CpuModelCheck(), new CpuFeaturesCheck(), new NumaCheck(),
                new DiskBusCheck(), new DiskQueueCheck(), new DiskSectorsCheck(), new DiskDiscardCheck(),
                new SmartVisibilityCheck(), new SmartHealthCheck(), new NicCheck(),
                new BtrfsReadonlyCheck(), new BtrfsDeviceErrorsCheck(), new BtrfsMissingDeviceCheck(), new BtrfsSpaceCheck(),
                new BtrfsScrubCheck(), new BtrfsChecksumCheck(), new BtrfsSharedControllerCheck(),
                // --- md RAID and disk identity (issue 21.1) ---
                new MdDegradedCheck(), new MdSyncCheck(), new MdMismatchCheck(), new DiskIdentityCheck(),
                // --- end md RAID ---
                // --- ext4/XFS and disk state ---
                new DiskStateCheck(), new FilesystemReadonlyCheck(), new FilesystemErrorsCheck());
    }
}
