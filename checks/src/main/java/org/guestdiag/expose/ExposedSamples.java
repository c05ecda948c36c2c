package org.guestdiag.expose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.guestdiag.check.CheckResult;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;

/**
 * Everything a diagnosis exposes as metrics: the inventory by area, the findings, and how each check went.
 *
 * <p>A server keeps one instance and asks it at every refresh ({@link #next}): an area whose inputs are the
 * same objects as the last time (a source read again to the same value keeps its outcome object, see
 * {@code Collector}) gives the very same samples again instead of building them anew, so that the registry
 * finds its families unchanged by identity at the first comparison. Between full reads only the dynamic
 * sources are read, so the hardware areas (CPU, NUMA, disks, NICs, hypervisor) are never built again there.
 */
public final class ExposedSamples {
    /** The inputs of one area at its last building, and what it built. */
    private record Built(List<Object> inputs, List<Sample> samples) { }

    private final Map<String, Built> last = new HashMap<>();
    /** The verdict samples of the last refresh's results, by result identity. */
    private Map<CheckResult, List<Sample>> verdicts = new IdentityHashMap<>();

    /** One diagnosis's samples, built whole (diagnose, which renders once). */
    public static List<Sample> of(Diagnosis d) {
        return new ExposedSamples().next(d);
    }

    /** This diagnosis's samples, with what did not change since the last call taken over from it. */
    public synchronized List<Sample> next(Diagnosis d) {
        Inventory inv = d.inventory();
        List<Sample> out = new ArrayList<>();
        // the machine's kind (VM, physical, container) comes from the CPU's flags and the hypervisor's signs together
        out.addAll(byOutcomes("hypervisor", inv, () -> HypervisorSamples.of(inv), Sources.HYPERVISOR, Sources.CPU));
        out.addAll(byOutcome("cpu", inv, Sources.CPU, () -> CpuSamples.of(inv)));
        out.addAll(byOutcome("numa", inv, Sources.NUMA, () -> NumaSamples.of(inv)));
        out.addAll(byOutcomes("disks", inv, () -> DiskSamples.of(inv), Sources.DISKS, Sources.CPU, Sources.HYPERVISOR));
        out.addAll(byOutcome("nics", inv, Sources.NICS, () -> NicSamples.of(inv)));
        // --- md RAID (issue 21.1) ---
        out.addAll(byOutcome("md", inv, Sources.MD, () -> MdSamples.of(inv)));
        // --- end md RAID ---
        // --- ext4/XFS and disk state ---
        out.addAll(area("filesystems", outcomes(inv, Sources.FILESYSTEMS, Sources.MOUNTS, Sources.KERNEL_LOG), true,
                () -> StorageSamples.filesystems(inv)));
        out.addAll(area("disk-state", outcomes(inv, Sources.DISK_STATE, Sources.KERNEL_LOG, Sources.DISKS, Sources.FILESYSTEMS), true,
                () -> StorageSamples.disks(inv)));
        // --- end ext4/XFS and disk state ---
        out.addAll(byOutcomes("smart", inv, () -> SmartSamples.of(inv), Sources.DISKS, Sources.SMART, Sources.CPU, Sources.HYPERVISOR));
        out.addAll(byOutcomes("btrfs", inv, () -> BtrfsSamples.filesystems(inv), Sources.BTRFS, Sources.KERNEL_LOG));
        out.addAll(byOutcomes("btrfs-mounts", inv, () -> BtrfsSamples.mounts(inv), Sources.MOUNTS, Sources.BTRFS, Sources.KERNEL_LOG));
        out.addAll(byOutcomes("btrfs-scrubs", inv, () -> BtrfsSamples.scrubs(inv), Sources.BTRFS_SCRUB, Sources.BTRFS));
        out.addAll(area("sources", new ArrayList<>(inv.outcomes().values()), true, () -> SourceSamples.of(inv)));
        // the agent's own result is new in every diagnosis: findings are compared by value, not identity
        out.addAll(area("findings", new ArrayList<>(d.findings()), false, () -> FindingSamples.of(d)));
        out.addAll(checks(d));
        return out;
    }

    /** {@link CheckSamples}: a kept verdict keeps its samples; the time stamp is new at every refresh. */
    private List<Sample> checks(Diagnosis d) {
        Map<CheckResult, List<Sample>> now = new IdentityHashMap<>();
        List<Sample> out = new ArrayList<>();
        for (CheckResult r : CheckSamples.sorted(d)) {
            List<Sample> v = verdicts.get(r);
            if (v == null) v = CheckSamples.verdict(r);
            now.put(r, v);
            out.addAll(v);
        }
        out.add(CheckSamples.lastRefresh(d));
        verdicts = now;
        return out;
    }

    private List<Sample> byOutcome(String area, Inventory inv, Source<?> source, Supplier<List<Sample>> build) {
        return byOutcomes(area, inv, build, source);
    }

    private List<Sample> byOutcomes(String area, Inventory inv, Supplier<List<Sample>> build, Source<?>... sources) {
        List<Object> inputs = new ArrayList<>(sources.length);
        for (Source<?> s : sources) inputs.add(inv.outcome(s).orElse(null));
        return area(area, inputs, true, build);
    }

    private static List<Object> outcomes(Inventory inv, Source<?>... sources) {
        List<Object> inputs = new ArrayList<>(sources.length);
        for (Source<?> s : sources) inputs.add(inv.outcome(s).orElse(null));
        return inputs;
    }

    private List<Sample> area(String area, List<Object> inputs, boolean byIdentity, Supplier<List<Sample>> build) {
        Built b = last.get(area);
        if (b != null && same(b.inputs(), inputs, byIdentity)) return b.samples();
        List<Sample> samples = build.get();
        last.put(area, new Built(inputs, samples));
        return samples;
    }

    private static boolean same(List<Object> a, List<Object> b, boolean byIdentity) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (byIdentity ? a.get(i) != b.get(i) : !Objects.equals(a.get(i), b.get(i))) return false;
        }
        return true;
    }
}
