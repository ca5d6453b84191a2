package dev.custody.domain.delivery;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditSink;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Forwards durable records to sinks. Each sink has its own thread, cursor file
 * ({@code <home>/sinks/<name>/cursor}) and dead-letter file ({@code <home>/sinks/<name>/dead-letter.jsonl}).
 * Records are always read from the system of record, never handed over in memory, so a restart loses
 * nothing and a slow sink holds no memory; {@link #wake} (called after an append became durable) only
 * shortens the wait. Ingest never waits for a sink, except that {@link #checkIngest} refuses it while a
 * fail-closed sink is failing.
 */
public final class DeliveryEngine implements AutoCloseable {

    /** What a sink name must match: it becomes a directory name and a metric tag. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /**
     * One configured sink.
     *
     * @param name unique, matches {@link #NAME}
     * @param sink the sink, owned (closed) by the engine from now on
     * @param settings how it is fed
     */
    public record Sink(String name, AuditSink sink, DeliverySettings settings) {
        public Sink {
            requireNonNull(sink, "sink is null");
            requireNonNull(settings, "settings is null");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("sink name must match " + NAME.pattern() + ", got '" + name + "'");
            }
        }
    }

    private final Map<String, SinkWorker> workers = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Clock clock;

    /**
     * @param home the service's local state directory; sink state goes under {@code home/sinks}
     * @throws IllegalArgumentException when two sinks share a name
     */
    public DeliveryEngine(AuditStore store, Path home, List<Sink> sinks, DeliveryListener listener, Clock clock) {
        requireNonNull(store, "store is null");
        requireNonNull(home, "home is null");
        requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        for (Sink s : sinks) {
            if (workers.containsKey(s.name())) {
                throw new IllegalArgumentException("two sinks are named '" + s.name() + "'");
            }
            Path dir = home.resolve("sinks").resolve(s.name());
            workers.put(s.name(), new SinkWorker(s.name(), s.sink(), s.settings(), store, SinkCursor.open(dir.resolve("cursor"), clock),
                    new DeadLetterFile(dir.resolve("dead-letter.jsonl"), s.name()), listener, clock));
        }
    }

    /** Starts one delivery thread per sink; each first delivers whatever its cursor has not reached. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        workers.forEach((name, w) -> {
            Thread t = new Thread(w, "custody-sink-" + name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        });
    }

    /** {@code events} new records of {@code chain} are durable: count them in every sink's lag and wake it. Never blocks. */
    public void appended(ChainId chain, int events) {
        for (SinkWorker w : workers.values()) {
            w.appended(chain, events);
        }
    }

    /** New records of {@code chain} may be durable (how many is unknown): wake every sink. Never blocks. */
    public void wake(ChainId chain) {
        for (SinkWorker w : workers.values()) {
            w.wake(chain);
        }
    }

    /**
     * @throws SinkUnavailableException naming the sink while a fail-closed sink is failing
     */
    public void checkIngest() {
        for (SinkWorker w : workers.values()) {
            SinkStatus s = w.status();
            if (s.failClosed() && s.failing()) {
                throw new SinkUnavailableException(s.name(), "sink '" + s.name() + "' is configured fail-closed and is failing ("
                        + s.lastError() + "); ingest resumes when it recovers");
            }
        }
    }

    /** A snapshot of every sink, in configuration order. */
    public List<SinkStatus> status() {
        return workers.values().stream().map(SinkWorker::status).toList();
    }

    /**
     * Drops what the sinks hold in memory of chains (their cursors' entries) when a sink's cursor was last used
     * {@code idleFor} ago or earlier; it is read back from the cursor's files when needed.
     *
     * @return how many chain entries were dropped
     */
    public int releaseIdle(java.time.Duration idleFor) {
        long cutoff = clock.millis() - idleFor.toMillis();
        int released = 0;
        for (SinkWorker w : workers.values()) {
            released += w.releaseIdle(cutoff);
        }
        return released;
    }

    /** Chain entries the sinks hold in memory now, all sinks together. */
    public int heldChains() {
        return workers.values().stream().mapToInt(SinkWorker::heldChains).sum();
    }

    /** Whether any sink is configured. */
    public boolean isEmpty() {
        return workers.isEmpty();
    }

    /** Stops the delivery threads (waiting up to 10 s) and closes the sinks. Cursors stay where acknowledged. */
    @Override
    public synchronized void close() {
        workers.values().forEach(SinkWorker::stop);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SinkWorker w : workers.values()) {
            try {
                w.closeSink();
            } catch (RuntimeException e) {
                // closing one sink must not keep the others open
            }
        }
    }
}
