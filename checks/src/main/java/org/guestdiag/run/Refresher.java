package org.guestdiag.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guestdiag.check.Check;
import org.guestdiag.host.Root;
import org.guestdiag.read.Inventory;
import org.guestdiag.read.Source;

/**
 * Keeps a recent {@link Diagnosis} for a server: reads every source at start and every static interval
 * (or on request), the dynamic ones every interval, runs the checks and publishes the result atomically.
 * A check whose sources a refresh found unchanged is not run again: its verdict is kept ({@link Judgements}).
 * Readers of {@link #latest()} never touch the kernel, so a scrape costs the same however many scrapers
 * there are and never waits on a sick device.
 *
 * <p>A dynamic refresh whose result nobody would see is skipped: when the latest diagnosis has not been
 * asked for ({@link #latest()}, {@link #markSeen()}) since it was published, the interval passes without
 * reading. An agent scraped every minute then reads once a minute, not four times, and one nobody scrapes
 * reads only at the static interval; scraped every 15 s or more often, nothing changes. A scrape still never
 * waits for a read: it gets the latest diagnosis, at most one scrape interval plus one interval old.
 *
 * <p>One daemon thread does all refreshes, so refreshes never overlap; each waits at most the read bound,
 * because the {@link Collector} reports a read that overruns as stuck and does not start it again while it
 * still blocks. That is what keeps threads from piling up when a device hangs for hours.
 */
public final class Refresher implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(Refresher.class.getName());

    private final Root root;
    private final List<Check> checks;
    private final List<Source<?>> sources;
    private final Duration bound;
    private final Consumer<Diagnosis> onPublish;
    private final Collector collector;
    /** The verdicts kept from one refresh to the next: a check whose sources did not change is not run again. */
    private final Judgements judgements = new Judgements();
    private final AtomicReference<Diagnosis> latest = new AtomicReference<>();
    private final AtomicBoolean fullRequested = new AtomicBoolean(true);
    private final AtomicBoolean fullQueued = new AtomicBoolean(false);
    private final AtomicLong refreshes = new AtomicLong();
    /** Whether the latest diagnosis has been asked for since it was published. */
    private volatile boolean seen = true;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guestdiag-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile Inventory inventory = Inventory.empty();
    private volatile Instant nextFull = Instant.MIN;

    /**
     * @param sources   what to read, in catalog order (the checks' sources)
     * @param bound     how long one refresh waits for reads before it reports them stuck
     * @param onPublish called on the refresh thread with each new diagnosis before it becomes {@link #latest()}
     *                  and is counted in {@link #refreshes()}: what it prepares (renderings) is ready by then
     */
    public Refresher(Root root, List<Check> checks, List<Source<?>> sources, Duration bound, Consumer<Diagnosis> onPublish) {
        this.root = root;
        this.checks = List.copyOf(checks);
        this.sources = List.copyOf(sources);
        this.collector = new Collector((int) sources.stream().filter(Source::dynamic).count());
        this.bound = bound;
        this.onPublish = onPublish;
    }

    /** Starts refreshing now and then every {@code interval}; every source is read again each {@code staticInterval}. */
    public void start(Duration interval, Duration staticInterval) {
        scheduler.scheduleWithFixedDelay(() -> tick(staticInterval), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a full refresh as soon as the refresh thread is free; many requests at once make one refresh. */
    public void requestFull() {
        fullRequested.set(true);
        if (fullQueued.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                fullQueued.set(false);
                tick(null);
            });
        }
    }

    private void tick(Duration staticInterval) {
        try {
            Instant now = Instant.now();
            boolean full = fullRequested.getAndSet(false) || !now.isBefore(nextFull);
            if (full && staticInterval != null) nextFull = now.plus(staticInterval);
            if (!full && !seen && latest.get() != null) return; // nobody has looked at the last one
            List<Source<?>> due = full ? sources : sources.stream().filter(Source::dynamic).toList();
            if (due.isEmpty() && latest.get() != null) return;
            inventory = collector.collect(root, due, bound, inventory, !full);
            Diagnosis d = Diagnosis.run(inventory, checks, judgements);
            // before onPublish swaps in what scrapes read: a scrape of the new diagnosis is never lost
            seen = false;
            try {
                onPublish.accept(d);
            } catch (RuntimeException e) {
                logger.log(Level.WARNING, "preparing a new diagnosis failed; it is published as it is", e);
            }
            latest.set(d);
            refreshes.incrementAndGet();
        } catch (RuntimeException e) {
            // a failed refresh keeps the previous diagnosis; the scheduler would stop for good on an escaped exception
            logger.log(Level.WARNING, "refresh failed", e);
        }
    }

    /** The latest published diagnosis, marked as seen; empty until the first refresh is done. */
    public Optional<Diagnosis> latest() {
        markSeen();
        return Optional.ofNullable(latest.get());
    }

    /** Whether a diagnosis has been published; unlike {@link #latest()}, not a use of it (a readiness probe). */
    public boolean ready() {
        return latest.get() != null;
    }

    /**
     * Tells that the latest diagnosis was used (by a scrape of what was prepared from it): the next
     * interval reads the dynamic sources again. Without a call since the last publication it does not.
     */
    public void markSeen() {
        if (!seen) seen = true; // read first: scrapes at once do not all write the same cache line
    }

    /** Reads still blocked past their bound (at most one per source). */
    public int stuckReads() {
        return collector.stuck();
    }

    public long refreshes() {
        return refreshes.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        collector.close();
    }
}
