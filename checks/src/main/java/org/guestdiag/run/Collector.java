package org.guestdiag.run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guestdiag.host.ReadException;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Outcome;
import org.guestdiag.read.Problems;
import org.guestdiag.read.Source;

/**
 * Reads sources in parallel under a time bound. A read that blocks in the kernel (a FIFO, a hung device)
 * cannot be interrupted in Java, so the collector never waits past the bound: it reports the source as
 * stuck and does not start it again while the earlier read is still running, so stuck reads cannot pile
 * up threads (at most one per source). Threads are daemons: a stuck one never keeps the JVM alive.
 */
public final class Collector implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(Collector.class.getName());

    private final ExecutorService pool;
    private final Map<String, Running> inflight = new ConcurrentHashMap<>();

    private record Running(CompletableFuture<Outcome<?>> future, Instant since) { }

    public Collector() {
        this(0);
    }

    /**
     * @param kept threads kept waiting for the next reads however long they idle: as many as a server's
     *             refresh reads at once between its full reads (its dynamic sources), so that a server scraped
     *             once a minute does not start them anew each time. The others go after 30 s idle.
     */
    public Collector(int kept) {
        AtomicInteger n = new AtomicInteger();
        // unbounded like a cached pool, but idle threads go after 30 s, not 60: a new thread per read each
        // time, with its native read buffer, was 12 % of an idle agent's CPU (1.33 -> 1.17 ms/s), and the
        // dozen threads of a full refresh need not stay parked until the next one
        this.pool = new ThreadPoolExecutor(kept, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "guestdiag-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads {@code sources} and returns {@code previous} updated with their outcomes. A source read again
     * to the same value and problems keeps its outcome from {@code previous}, the very object, with the
     * duration of the read that first produced it.
     */
    public Inventory collect(Root root, List<Source<?>> sources, Duration bound, Inventory previous) {
        return collect(root, sources, bound, previous, false);
    }

    /**
     * As {@link #collect(Root, List, Duration, Inventory)}; with {@code rereading}, a source whose previous
     * outcome was read without problems is read again from it ({@link Source#reread}: what does not move
     * is kept), as the refresher does between its full reads.
     */
    public Inventory collect(Root root, List<Source<?>> sources, Duration bound, Inventory previous, boolean rereading) {
        Instant start = Instant.now();
        Map<String, CompletableFuture<Outcome<?>>> started = new LinkedHashMap<>();
        Map<String, Outcome<?>> outcomes = new LinkedHashMap<>();
        for (Source<?> s : sources) {
            Running earlier = inflight.get(s.name());
            if (earlier != null && !earlier.future().isDone()) {
                outcomes.put(s.name(), new Outcome.Stuck<>("still reading since " + earlier.since() + ", not started again", earlier.since()));
                continue;
            }
            Outcome<?> before = rereading ? previous.outcomes().get(s.name()) : null;
            Object from = before instanceof Outcome.Ok<?> ok && ok.problems().isEmpty() ? ok.value() : null;
            CompletableFuture<Outcome<?>> f = CompletableFuture.supplyAsync(() -> readOne(root, s, from), pool);
            inflight.put(s.name(), new Running(f, start));
            f.whenComplete((v, e) -> inflight.computeIfPresent(s.name(), (k, r) -> r.future() == f ? null : r));
            started.put(s.name(), f);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (var e : started.entrySet()) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                outcomes.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException te) {
                outcomes.put(e.getKey(), new Outcome.Stuck<>("no answer within " + bound.toMillis() + " ms", start));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                outcomes.put(e.getKey(), new Outcome.Failed<>("interrupted", Duration.between(start, Instant.now())));
            } catch (Exception ex) {
                outcomes.put(e.getKey(), new Outcome.Failed<>(String.valueOf(ex.getCause()), Duration.between(start, Instant.now())));
            }
        }
        // keep the order of the catalog, not of completion
        Map<String, Outcome<?>> ordered = new LinkedHashMap<>();
        for (Source<?> s : sources) ordered.put(s.name(), unlessUnchanged(previous.outcomes().get(s.name()), outcomes.get(s.name())));
        return previous.with(ordered, Instant.now());
    }

    /**
     * The earlier outcome when the new read found the same value and problems, else the new one: what did
     * not change is then the same object, so the verdicts judged on it can be told unchanged by identity.
     * A failed or stuck read is always the new outcome, with its own reason and time.
     */
    private static Outcome<?> unlessUnchanged(Outcome<?> before, Outcome<?> now) {
        if (before instanceof Outcome.Ok<?> b && now instanceof Outcome.Ok<?> n
                && Objects.equals(b.value(), n.value()) && sameProblems(b.problems(), n.problems())) {
            return before;
        }
        return now;
    }

    /** By content: an exception's equals is identity, and a re-read makes new ones for the same unreadable files. */
    private static boolean sameProblems(List<ReadException> a, List<ReadException> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).file().equals(b.get(i).file()) || !a.get(i).getMessage().equals(b.get(i).getMessage())) return false;
        }
        return true;
    }

    /** {@code previous}: a clean earlier value of {@code s} to read again from, or null for a whole read. */
    @SuppressWarnings("unchecked")
    private static <T> Outcome<?> readOne(Root root, Source<T> s, Object previous) {
        long t0 = System.nanoTime();
        Problems problems = new Problems();
        try {
            T value = previous == null ? s.read(root, problems) : s.reread(root, problems, (T) previous);
            return new Outcome.Ok<>(value, problems.list(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (ReadException e) {
            return new Outcome.Failed<>(e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException | StackOverflowError e) {
            logger.log(Level.WARNING, "source " + s.name() + " failed", e);
            return new Outcome.Failed<>("reader failed: " + e, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Reads still running past their bound. */
    public int stuck() {
        return (int) inflight.values().stream().filter(r -> !r.future().isDone()).count();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
