package org.guestdiag.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds large rooted trees (proc/, sys/, dev/) for the benchmark by cloning the real captures: the
 * virtio-blk and virtio-scsi disks of {@code blocksize-ssd}, the CPU topology of {@code numa2} and the
 * btrfs filesystem of {@code btrfs-blkdebug-eio}. Clones get their own PCI functions, virtio indices, SCSI
 * hosts, kernel names and major:minor numbers, and every symlink is rewritten to match, so the agent's
 * readers and node_exporter walk them like a real guest of that size.
 *
 * <p>Not a test: the benchmark script runs it with {@code java -cp agent/target/test-classes}. It lives in
 * the test sources so that it is compiled with the build without shipping in the agent's jar.
 */
public final class TreeGenerator {
    /** What to generate. CPUs are split evenly over NUMA nodes, one socket per node, as Proxmox lays them out. */
    public record Spec(int disks, int cpus, int numa, int btrfs) {
        public Spec {
            if (disks < 1 || cpus < 1 || numa < 1 || btrfs < 0) throw new IllegalArgumentException("counts must be positive");
            if (cpus % numa != 0) throw new IllegalArgumentException("cpus (" + cpus + ") must be a multiple of numa nodes (" + numa + ")");
            if (btrfs > disks) throw new IllegalArgumentException("each btrfs filesystem needs a disk of its own: btrfs <= disks");
        }
    }

    private static final String BLK_BASE = "blocksize-ssd";
    private static final String BTRFS_BASE = "btrfs-blkdebug-eio";
    private static final String NUMA_BASE = "numa2";
    private static final String BTRFS_FSID = "742c1548-5785-4d7d-9a3b-f9186bd82455";
    /** The capture's disks: {name, PCI function, virtio device} for virtio-blk; {name, target} for virtio-scsi. */
    private static final String[][] BLK_TEMPLATES = {{"vda", "0000:00:02.0", "virtio1"}, {"vdb", "0000:00:03.0", "virtio2"}, {"vdc", "0000:00:04.0", "virtio3"}};
    private static final String[][] SCSI_TEMPLATES = {{"sda", "0"}, {"sdc", "1"}, {"sdb", "2"}};
    private static final String SCSI_PCI = "0000:00:05.0";
    private static final String SCSI_VIRTIO = "virtio4";
    /** sd's majors in the order the kernel hands them out (drivers/scsi/sd.c, sd_major()). */
    private static final int[] SD_MAJORS = {8, 65, 66, 67, 68, 69, 70, 71, 128, 129, 130, 131, 132, 133, 134, 135};
    /** Disks per virtio-scsi controller: one target per disk, as `qm` attaches scsiN on a single controller. */
    static final int DISKS_PER_SCSI_CONTROLLER = 256;
    /** PCI slots 2..0x1e of a bus, 8 functions each; 0, 1 and 0x1f are the capture's own (host bridge, 9p, ICH9). */
    private static final int FUNCTIONS_PER_BUS = 29 * 8;

    private final Path snapshots;
    private final Path out;
    private final Spec spec;
    private final StringBuilder diskstats = new StringBuilder();
    private final StringBuilder partitions = new StringBuilder("major minor  #blocks  name\n\n");
    private final List<String> diskPaths = new ArrayList<>(); // sys-relative real paths of the block devices
    private final List<String> diskNames = new ArrayList<>();
    private int nextFunction;
    private int nextVirtio = 1; // virtio0 is the capture's 9p share

    private TreeGenerator(Path snapshots, Path out, Spec spec) {
        this.snapshots = snapshots;
        this.out = out;
        this.spec = spec;
    }

    /** Writes a tree for {@code spec} into {@code out} (which must not exist or be empty) from the captures in {@code snapshots}. */
    public static void generate(Path snapshots, Path out, Spec spec) throws IOException {
        new TreeGenerator(snapshots, out, spec).run();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: TreeGenerator SNAPSHOTS_DIR OUT_DIR DISKS CPUS NUMA_NODES BTRFS");
            System.exit(2);
        }
        Spec spec = new Spec(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        generate(Path.of(args[0]), Path.of(args[1]), spec);
    }

    private void run() throws IOException {
        Path base = snapshots.resolve(BLK_BASE);
        // the capture without its disks and CPU/NUMA layout; those are generated below
        copy(base, out, Map.of(), rel -> rel.startsWith("sys/block/") || rel.equals("qemu.cmd")
                || rel.startsWith("sys/devices/system")
                || rel.matches("sys/devices/pci0000:00/0000:00:0[2-5]\\.0(/.*)?")
                || rel.matches("sys/bus/pci/devices/0000:00:0[2-5]\\.0") || rel.matches("sys/bus/virtio/devices/virtio[1-4]")
                || rel.equals("sys/class/scsi_host/host0"), null);
        Files.createDirectories(out.resolve("sys/block"));
        int blk = (spec.disks() + 1) / 2;
        int scsi = spec.disks() / 2;
        for (int i = 0; i < blk; i++) blkDisk(i);
        for (int c = 0; c * DISKS_PER_SCSI_CONTROLLER < scsi; c++) {
            scsiController(c, Math.min(DISKS_PER_SCSI_CONTROLLER, scsi - c * DISKS_PER_SCSI_CONTROLLER));
        }
        write("proc/diskstats", diskstats.toString());
        write("proc/partitions", partitions.toString());
        cpus();
        btrfs();
        write("generated.txt", "generated by org.guestdiag.bench.TreeGenerator from " + BLK_BASE + ", " + NUMA_BASE + ", " + BTRFS_BASE
                + "\ndisks=" + spec.disks() + " (virtio-blk " + blk + ", virtio-scsi " + scsi + ")\ncpus=" + spec.cpus()
                + "\nnuma=" + spec.numa() + "\nbtrfs=" + spec.btrfs() + "\n");
    }

    private String pciFunction() {
        int f = nextFunction++;
        return String.format("0000:%02x:%02x.%x", f / FUNCTIONS_PER_BUS, 2 + (f % FUNCTIONS_PER_BUS) / 8, f % 8);
    }

    private static String hostBridge(String function) {
        return "pci0000:" + function.substring(5, 7);
    }

    private void blkDisk(int i) throws IOException {
        String[] t = BLK_TEMPLATES[i % BLK_TEMPLATES.length];
        String name = "vd" + letters(i);
        String function = pciFunction();
        String virtio = "virtio" + nextVirtio++;
        // virtio_blk: a dynamic major, 16 minors per disk (drivers/block/virtio_blk.c, PART_BITS 4)
        String dev = "254:" + (i << 4);
        Path src = snapshots.resolve(BLK_BASE).resolve("sys/devices/pci0000:00").resolve(t[1]);
        String pci = "devices/" + hostBridge(function) + "/" + function;
        copy(src, out.resolve("sys").resolve(pci), Map.of(t[1], function, t[2], virtio, t[0], name), rel -> false,
                (rel, bytes) -> disk(rel, bytes, name, dev, "GEN-VBLK-" + i));
        link("sys/bus/pci/devices/" + function, "../../../" + pci);
        link("sys/bus/virtio/devices/" + virtio, "../../../" + pci + "/" + virtio);
        addDisk(name, pci + "/" + virtio + "/block/" + name, dev, t[0]);
    }

    private void scsiController(int c, int disks) throws IOException {
        String function = pciFunction();
        String virtio = "virtio" + nextVirtio++;
        String host = "host" + (c == 0 ? 0 : 6 + c); // host1..6 are the capture's AHCI ports
        int h = Integer.parseInt(host.substring(4));
        Path src = snapshots.resolve(BLK_BASE).resolve("sys/devices/pci0000:00").resolve(SCSI_PCI);
        String pci = "devices/" + hostBridge(function) + "/" + function;
        copy(src, out.resolve("sys").resolve(pci), Map.of(SCSI_PCI, function, SCSI_VIRTIO, virtio, "host0", host),
                rel -> rel.startsWith(SCSI_VIRTIO + "/host0/target"), null);
        link("sys/bus/pci/devices/" + function, "../../../" + pci);
        link("sys/bus/virtio/devices/" + virtio, "../../../" + pci + "/" + virtio);
        link("sys/class/scsi_host/" + host, "../../" + pci + "/" + virtio + "/" + host + "/scsi_host/" + host);
        for (int target = 0; target < disks; target++) {
            int j = c * DISKS_PER_SCSI_CONTROLLER + target;
            String[] t = SCSI_TEMPLATES[j % SCSI_TEMPLATES.length];
            String name = "sd" + letters(j);
            String dev = SD_MAJORS[(j & 0xf0) >> 4] + ":" + (((j & 0xf) << 4) | ((j & 0xfff00) << 4));
            String tname = "target" + h + ":0:" + target;
            String lun = h + ":0:" + target + ":0";
            Path tsrc = src.resolve(SCSI_VIRTIO + "/host0/target0:0:" + t[1]);
            String tdst = pci + "/" + virtio + "/" + host + "/" + tname;
            copy(tsrc, out.resolve("sys").resolve(tdst), Map.of("target0:0:" + t[1], tname, "0:0:" + t[1] + ":0", lun, t[0], name),
                    rel -> false, (rel, bytes) -> disk(rel, bytes, name, dev, "GEN-SCSI-" + j));
            addDisk(name, tdst + "/" + lun + "/block/" + name, dev, t[0]);
        }
    }

    /** The cloned disk's own identity: its dev numbers, serial (virtio-blk's serial, SCSI's VPD page 0x80) and uevent. */
    private static byte[] disk(String rel, byte[] bytes, String name, String dev, String serial) {
        String file = rel.substring(rel.lastIndexOf('/') + 1);
        if (rel.endsWith("/block/" + name + "/dev")) return (dev + "\n").getBytes(StandardCharsets.US_ASCII);
        if (rel.endsWith("/block/" + name + "/serial")) return (serial + "\n").getBytes(StandardCharsets.US_ASCII);
        if (file.equals("vpd_pg80")) {
            byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
            byte[] page = new byte[4 + s.length];
            page[1] = (byte) 0x80;
            page[3] = (byte) s.length;
            System.arraycopy(s, 0, page, 4, s.length);
            return page;
        }
        return bytes;
    }

    private void addDisk(String name, String sysPath, String dev, String template) throws IOException {
        link("sys/block/" + name, "../" + sysPath);
        diskPaths.add(sysPath);
        diskNames.add(name);
        String[] mm = dev.split(":");
        String line = templateLine(BLK_BASE, "proc/diskstats", template);
        String[] f = line.trim().split("\\s+");
        StringBuilder l = new StringBuilder(String.format("%4s %7s %s", mm[0], mm[1], name));
        for (int k = 3; k < f.length; k++) l.append(' ').append(f[k]);
        diskstats.append(l).append('\n');
        String[] p = templateLine(BLK_BASE, "proc/partitions", template).trim().split("\\s+");
        partitions.append(String.format("%4s %7s %10s %s%n", mm[0], mm[1], p[2], name));
    }

    private String templateLine(String capture, String file, String disk) throws IOException {
        for (String l : Files.readAllLines(snapshots.resolve(capture).resolve(file))) {
            String[] f = l.trim().split("\\s+");
            if ((f.length > 3 && f[2].equals(disk)) || (f.length == 4 && f[3].equals(disk))) return l;
        }
        throw new IOException(capture + "/" + file + " has no line for " + disk);
    }

    private static String letters(int i) {
        // sd_format_disk_name: a..z, aa..zz, aaa..
        StringBuilder s = new StringBuilder();
        for (int n = i + 1; n > 0; n = (n - 1) / 26) s.insert(0, (char) ('a' + (n - 1) % 26));
        return s.toString();
    }

    private void cpus() throws IOException {
        int n = spec.cpus();
        int perNode = n / spec.numa();
        String block = Files.readString(snapshots.resolve(BLK_BASE).resolve("proc/cpuinfo")).split("\n\n")[0];
        StringBuilder cpuinfo = new StringBuilder();
        StringBuilder stat = new StringBuilder("cpu  " + 123 * n + " 0 " + 45 * n + " " + 9000 * n + " 10 0 3 0 0 0\n");
        Path sys = out.resolve("sys/devices/system");
        for (int cpu = 0; cpu < n; cpu++) {
            int node = cpu / perNode;
            int core = cpu % perNode;
            cpuinfo.append(block.replaceAll("(?m)^processor\t: .*", "processor\t: " + cpu)
                    .replaceAll("(?m)^physical id\t: .*", "physical id\t: " + node)
                    .replaceAll("(?m)^siblings\t: .*", "siblings\t: " + perNode)
                    .replaceAll("(?m)^core id\t\t: .*", "core id\t\t: " + core)
                    .replaceAll("(?m)^cpu cores\t: .*", "cpu cores\t: " + perNode)
                    .replaceAll("(?m)^apicid\t\t: .*", "apicid\t\t: " + cpu)
                    .replaceAll("(?m)^initial apicid\t: .*", "initial apicid\t: " + cpu)).append("\n\n");
            stat.append("cpu").append(cpu).append(" 123 0 45 9000 10 0 3 0 0 0\n");
            String pkg = range(node * perNode, perNode);
            String self = String.valueOf(cpu);
            Map<String, String> topo = Map.ofEntries(Map.entry("cluster_cpus", mask(cpu, 1, n)), Map.entry("cluster_cpus_list", self),
                    Map.entry("cluster_id", "65535"), Map.entry("core_cpus", mask(cpu, 1, n)), Map.entry("core_cpus_list", self),
                    Map.entry("core_id", String.valueOf(core)), Map.entry("core_siblings", mask(node * perNode, perNode, n)),
                    Map.entry("core_siblings_list", pkg), Map.entry("die_cpus", mask(node * perNode, perNode, n)), Map.entry("die_cpus_list", pkg),
                    Map.entry("die_id", "0"), Map.entry("package_cpus", mask(node * perNode, perNode, n)), Map.entry("package_cpus_list", pkg),
                    Map.entry("physical_package_id", String.valueOf(node)), Map.entry("thread_siblings", mask(cpu, 1, n)),
                    Map.entry("thread_siblings_list", self));
            for (var e : topo.entrySet()) write(sys.resolve("cpu/cpu" + cpu + "/topology/" + e.getKey()), e.getValue() + "\n");
            link(sys.resolve("cpu/cpu" + cpu + "/node" + node), "../../node/node" + node);
        }
        for (String f : List.of("online", "possible", "present")) write(sys.resolve("cpu/" + f), range(0, n) + "\n");
        write(sys.resolve("cpu/kernel_max"), "8191\n");
        copy(snapshots.resolve(NUMA_BASE).resolve("sys/devices/system/cpu/vulnerabilities"), sys.resolve("cpu/vulnerabilities"), Map.of(), r -> false, null);
        write("proc/cpuinfo", cpuinfo.toString());
        write("proc/stat", stat + "intr 0\nctxt 1000\nbtime 1700000000\nprocesses 100\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
        numa(perNode);
    }

    private void numa(int perNode) throws IOException {
        int k = spec.numa();
        Path nodes = out.resolve("sys/devices/system/node");
        Path src = snapshots.resolve(NUMA_BASE).resolve("sys/devices/system/node/node0");
        // the nodes' memory adds up to /proc/meminfo's MemTotal, as on a real guest
        String meminfo = Files.readString(out.resolve("proc/meminfo"));
        long total = Long.parseLong(meminfo.replaceAll("(?s).*MemTotal:\\s+(\\d+) kB.*", "$1"));
        String nodeMem = Files.readString(src.resolve("meminfo"));
        for (int node = 0; node < k; node++) {
            Path d = nodes.resolve("node" + node);
            write(d.resolve("cpulist"), range(node * perNode, perNode) + "\n");
            write(d.resolve("cpumap"), mask(node * perNode, perNode, spec.cpus()) + "\n");
            write(d.resolve("meminfo"), nodeMem.replace("Node 0 ", "Node " + node + " ")
                    .replaceFirst("MemTotal:\\s+\\d+ kB", String.format("MemTotal:       %8d kB", total / k)));
            Files.copy(src.resolve("numastat"), d.resolve("numastat"));
            StringBuilder dist = new StringBuilder();
            for (int o = 0; o < k; o++) dist.append(o == 0 ? "" : " ").append(o == node ? 10 : 20);
            write(d.resolve("distance"), dist + "\n");
        }
        for (String f : List.of("has_cpu", "has_memory", "has_normal_memory", "online", "possible")) write(nodes.resolve(f), range(0, k) + "\n");
    }

    private void btrfs() throws IOException {
        Path base = snapshots.resolve(BTRFS_BASE);
        Path fsSrc = base.resolve("sys/fs/btrfs/" + BTRFS_FSID);
        if (spec.btrfs() > 0) copy(base.resolve("sys/fs/btrfs/features"), out.resolve("sys/fs/btrfs/features"), Map.of(), r -> false, null);
        String mountinfo = Files.readString(out.resolve("proc/self/mountinfo"));
        String mounts = Files.readString(out.resolve("proc/mounts"));
        String infoLine = lineWith(base.resolve("proc/self/mountinfo"), " btrfs ");
        String mountsLine = lineWith(base.resolve("proc/mounts"), " btrfs ");
        StringBuilder mi = new StringBuilder(mountinfo);
        StringBuilder mo = new StringBuilder(mounts);
        for (int i = 0; i < spec.btrfs(); i++) {
            String fsid = String.format("%08x-0000-4000-8000-%012x", 0x9e000000 + i, i + 1);
            String disk = diskNames.get(i); // the first disks: virtio-blk, like the capture's btrfs on vda
            Path dst = out.resolve("sys/fs/btrfs/" + fsid);
            copy(fsSrc, dst, Map.of(BTRFS_FSID, fsid), rel -> rel.startsWith("devices/"), (rel, bytes) ->
                    new String(bytes, StandardCharsets.ISO_8859_1).replace(BTRFS_FSID, fsid).getBytes(StandardCharsets.ISO_8859_1));
            link(dst.resolve("devices/" + disk), "../../../../" + diskPaths.get(i));
            String mnt = "/mnt/btrfs" + i;
            mi.append(infoLine.replaceFirst("^\\d+ ", (100 + i) + " ").replace(" 0:26 ", " 0:" + (100 + i) + " ")
                    .replace(" /mnt ", " " + mnt + " ").replace("/dev/vda", "/dev/" + disk)).append('\n');
            mo.append(mountsLine.replace(" /mnt ", " " + mnt + " ").replace("/dev/vda", "/dev/" + disk)).append('\n');
        }
        write("proc/self/mountinfo", mi.toString());
        write("proc/mounts", mo.toString());
    }

    private static String lineWith(Path file, String needle) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains(needle)).findFirst()
                .orElseThrow(() -> new IOException(file + " has no line with" + needle));
    }

    /** "4-7", or "4" for one CPU: the kernel's cpulist format. */
    private static String range(int first, int count) {
        return count == 1 ? String.valueOf(first) : first + "-" + (first + count - 1);
    }

    /** The kernel's cpumask format: hex words of 32 bits, most significant first, comma separated, as wide as the CPU count. */
    static String mask(int first, int count, int cpus) {
        int words = (cpus + 31) / 32;
        StringBuilder s = new StringBuilder();
        for (int w = words - 1; w >= 0; w--) {
            long bits = 0;
            for (int c = first; c < first + count; c++) if (c / 32 == w) bits |= 1L << (c % 32);
            int digits = w == words - 1 ? Math.max(1, ((Math.min(cpus - w * 32, 32)) + 3) / 4) : 8;
            s.append(String.format("%0" + digits + "x", bits));
            if (w > 0) s.append(',');
        }
        return s.toString();
    }

    private void write(String rel, String text) throws IOException {
        write(out.resolve(rel), text);
    }

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void link(String rel, String target) throws IOException {
        link(out.resolve(rel), target);
    }

    private static void link(Path p, String target) throws IOException {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    /** Rewrites a cloned file's content; gets the path relative to the clone's top (as renamed) and the bytes. */
    interface Content {
        byte[] rewrite(String rel, byte[] bytes);
    }

    /**
     * Copies {@code src} to {@code dst}, symlinks as symlinks. Every path component equal to a key of
     * {@code rename} is renamed, in paths and in symlink targets alike, so relative links inside the clone
     * keep pointing at the clone. {@code skip} sees paths relative to {@code src}, before renaming.
     */
    private static void copy(Path src, Path dst, Map<String, String> rename, Predicate<String> skip, Content content) throws IOException {
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = src.relativize(dir).toString();
                if (!rel.isEmpty() && skip.test(rel)) return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(dst.resolve(renamed(rel, rename)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = src.relativize(file).toString();
                if (skip.test(rel)) return FileVisitResult.CONTINUE;
                String to = renamed(rel, rename);
                Path target = dst.resolve(to);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(renamed(Files.readSymbolicLink(file).toString(), rename)));
                } else {
                    byte[] bytes = Files.readAllBytes(file);
                    Files.write(target, content == null ? bytes : content.rewrite(to, bytes));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String renamed(String path, Map<String, String> rename) {
        if (rename.isEmpty() || path.isEmpty()) return path;
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) parts[i] = rename.getOrDefault(parts[i], parts[i]);
        return String.join("/", parts);
    }
}
