package org.guestdiag.host;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one bounded read of a small sysfs attribute costs through each of Root's two paths: the descriptor path
 * (O_PATH, then a read-only open through /proc/self/fd, DescriptorRead) and java.nio, printed side by side in
 * the same run. In the package of both (package-private), compiled against the agent's jar; a figure, not a
 * test: this machine is shared.
 *
 * <p>usage: javac -d DIR -cp agent/target/guestdiag-agent.jar agent/src/bench/host/ReadCost.java
 *           java -cp agent/target/guestdiag-agent.jar:DIR org.guestdiag.host.ReadCost [FILE] [N]
 */
public final class ReadCost {
    public static void main(String[] args) throws Exception {
        Path p = args.length > 0 ? Path.of(args[0]) : Path.of("/sys/devices/system/cpu/online");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        if (!Files.isReadable(p)) {
            System.err.println("ReadCost: cannot read " + p);
            System.exit(3);
        }
        Root root = Root.of(Path.of("/"));
        LibC libc = DescriptorRead.LIBC.orElseThrow(() -> new IllegalStateException("no libc through JNA here: no descriptor path to measure"));
        for (int round = 0; round < 3; round++) { // the first rounds warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) DescriptorRead.read(libc, p, Root.ATTRIBUTE_LIMIT, root);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) root.readNio(p, Root.ATTRIBUTE_LIMIT);
            long t2 = System.nanoTime();
            double fd = (t1 - t0) / 1e3 / n;
            double nio = (t2 - t1) / 1e3 / n;
            System.out.printf("round %d, %d reads of %s: descriptor path %.2f µs, java.nio %.2f µs per read (%.2f×)%n",
                    round, n, p, fd, nio, fd / nio);
        }
    }
}
