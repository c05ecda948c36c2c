import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.guestdiag.check.Check;
import org.guestdiag.check.Checks;
import org.guestdiag.expose.Sample;
import org.guestdiag.expose.ExposedSamples;
import org.guestdiag.host.Root;
import org.guestdiag.metrics.Registry;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;
import org.guestdiag.read.Sources;
import org.guestdiag.run.Collector;
import org.guestdiag.run.Diagnosis;
import org.guestdiag.read.Inventory;
import org.guestdiag.run.Judgements;

/**
 * What one dynamic refresh costs on the refresh thread, step by step, as a server does it between full reads:
 * the collect (the reads themselves run on the collector's threads; the sources are timed alone below), the
 * checks, the samples, the rendering ahead in the format Prometheus asks for. Then each source's read and
 * reread alone, on this thread. Averages over the second half of N rounds, with PAUSE ms asleep between rounds
 * (0: caches warm; 60000 is a scrape a minute). Run with -Xint to see what an agent pays before its code is
 * compiled, which at one scrape a minute lasts hours.
 *
 * <p>usage: javac -d DIR -cp agent/target/guestdiag-agent.jar agent/src/bench/RefreshCost.java
 *           java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp agent/target/guestdiag-agent.jar:DIR RefreshCost TREE|live [N] [PAUSE]
 */
public final class RefreshCost {
    public static void main(String[] args) throws Exception {
        Root root = args[0].equals("live") ? Root.live() : Root.of(java.nio.file.Path.of(args[0]));
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long pause = args.length > 2 ? Long.parseLong(args[2]) : 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Check> checks = Checks.all();
        List<Source<?>> all = Sources.all();
        List<Source<?>> dynamic = all.stream().filter(Source::dynamic).toList();
        Judgements judgements = new Judgements();
        try (Collector collector = new Collector(dynamic.size())) {
            Inventory inv = collector.collect(root, all, Duration.ofSeconds(20), Inventory.empty());
            List<Sample>[] current = new List[] {ExposedSamples.of(Diagnosis.run(inv, checks, judgements))};
            Registry registry = new Registry("bench", () -> current[0]);
            String accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"; // Prometheus'
            registry.scrape(accept, true); // the format is scraped: refreshes render ahead in it
            long[] t = new long[4];
            for (int i = 0; i < n; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                inv = collector.collect(root, dynamic, Duration.ofSeconds(20), inv, true);
                long c1 = threads.getCurrentThreadCpuTime();
                Diagnosis d = Diagnosis.run(inv, checks, judgements);
                long c2 = threads.getCurrentThreadCpuTime();
                List<Sample> next = ExposedSamples.of(d);
                long c3 = threads.getCurrentThreadCpuTime();
                registry.prepare(next);
                current[0] = next;
                long c4 = threads.getCurrentThreadCpuTime();
                if (i >= n / 2) {
                    t[0] += c1 - c0;
                    t[1] += c2 - c1;
                    t[2] += c3 - c2;
                    t[3] += c4 - c3;
                }
                if (pause > 0) Thread.sleep(pause);
            }
            int k = n - n / 2;
            System.out.printf("refresh thread, ms a refresh: collect %.3f, checks %.3f, samples %.3f (%d), rendering ahead %.3f%n",
                    t[0] / 1e6 / k, t[1] / 1e6 / k, t[2] / 1e6 / k, current[0].size(), t[3] / 1e6 / k);
            for (Source<?> s : all) {
                System.out.printf("  %-14s %-7s read %.3f ms, reread %.3f ms%n", s.name(), s.dynamic() ? "dynamic" : "static",
                        cost(threads, () -> s.read(root, new Problems()), n), reread(threads, root, s, n));
            }
        }
    }

    private static <T> double reread(ThreadMXBean threads, Root root, Source<T> s, int n) {
        T previous = s.read(root, new Problems());
        return cost(threads, () -> s.reread(root, new Problems(), previous), n);
    }

    /** CPU ms of one call, averaged over the second half of n calls. */
    private static double cost(ThreadMXBean threads, Runnable call, int n) {
        for (int i = 0; i < n / 2; i++) call.run();
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = n / 2; i < n; i++) call.run();
        return (threads.getCurrentThreadCpuTime() - c0) / 1e6 / (n - n / 2);
    }
}
