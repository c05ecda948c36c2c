import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.guestdiag.expose.Sample;
import org.guestdiag.metrics.Registry;

/**
 * CPU of one paced rendering of the agent's own meters (JVM, process, build: what every Prometheus scrape
 * renders afresh), in the calling thread, with the caches cold after 1.1 s asleep as between two scrapes
 * of a Prometheus, after 20,000 renderings so that the code is compiled. No inventory: its families are
 * rendered once per diagnosis, not per scrape. Run it on two builds, one after the other, to compare them.
 *
 * <p>usage: javac -d DIR -cp agent/target/guestdiag-agent.jar agent/src/bench/PacedRender.java
 *           java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -cp agent/target/guestdiag-agent.jar:DIR PacedRender 15
 */
public final class PacedRender {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<Sample> none = List.of();
        Registry registry = new Registry("bench", () -> none, true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"; // Prometheus'
        for (int i = 0; i < 20_000; i++) {
            registry.scrape(accept, true);
        }
        long sum = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Thread.sleep(1100);
            long before = threads.getCurrentThreadCpuTime();
            registry.scrape(accept, true);
            long cpu = threads.getCurrentThreadCpuTime() - before;
            sum += cpu;
            each.append(String.format("%.3f ", cpu / 1e6));
        }
        System.out.println("paced renderings, CPU ms each: " + each);
        System.out.printf("mean %.3f ms over %d%n", sum / 1e6 / n, n);
    }
}
