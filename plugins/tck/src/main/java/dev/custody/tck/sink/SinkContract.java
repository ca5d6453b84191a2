package dev.custody.tck.sink;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.delivery.DeliverySettings;
import dev.custody.domain.delivery.SinkFilter;
import dev.custody.domain.delivery.SinkStatus;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every sink contract. A subclass points {@link #newSink()} at a real receiver that the test
 * runs on loopback and reports, through {@link #receivedIds()}, the record ids that receiver parsed, in
 * arrival order. Records are built by the real appender on a memory store and delivered by the real
 * {@link DeliveryEngine}, so the contracts show what an operator gets. A failure says what was expected, what the
 * receiver got, the first difference, and what the sink was doing (its last calls and the engine's state).
 */
public abstract class SinkContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** State of the delivery engine (cursor, dead letters). */
    @TempDir
    protected Path home;

    protected final MemoryAuditStore store = new MemoryAuditStore();
    protected final ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<DeliveryEngine> engines = new ArrayList<>();
    private final Map<String, Long> seqOfId = new ConcurrentHashMap<>();
    private final SinkActivity activity = new SinkActivity();

    /** A new sink delivering to the test's receiver; the kit closes it. */
    protected abstract AuditSink newSink();

    /** The ids of the records the receiver has parsed so far, in arrival order (duplicates included). */
    protected abstract List<String> receivedIds();

    /** Stops the receiver (connections refused) until {@link #startReceiver()}. */
    protected void stopReceiver() throws Exception {
        throw new UnsupportedOperationException("this receiver cannot be restarted");
    }

    /** Starts the receiver again at the same address; ids received before stay in {@link #receivedIds()}. */
    protected void startReceiver() throws Exception {
        throw new UnsupportedOperationException("this receiver cannot be restarted");
    }

    /** The capabilities this receiver lacks; default none. */
    protected Set<SinkCapability> unsupported() {
        return Set.of();
    }

    @AfterEach
    void closeKit() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        appender.close();
    }

    /** A fresh chain (namespace {@code tck}, random tenant). */
    protected static ChainId newChain() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return ChainId.of("tck", "t" + HexFormat.of().formatHex(b));
    }

    /** Appends {@code n} realistic events (quotes, backslashes, non-ASCII in the payload) and returns their records. */
    protected List<AuditRecord> append(ChainId chain, int n) {
        List<AuditRecord> records = appender.append(IntStream.range(0, n).mapToObj(i -> AuditEvent.builder(chain).kind(i % 4 == 0 ? "decision" : "access")
                .action(i % 3 == 0 ? "document.read" : "loan.update").actor("user", "u-" + i).resource("doc", "d\"" + i)
                .outcome(i % 5 == 0 ? "denied" : "success")
                .payload(Map.of("note", "Résumé \"q\" \\ ] | = \u2603 #" + i, "n", i)).build()).toList());
        records.forEach(r -> seqOfId.put(r.id(), r.seq()));
        return records;
    }

    /** Fast retries, so receiver outages are ridden out within a test. */
    protected DeliverySettings settings(int maxRecords, long maxBytes) {
        return new DeliverySettings(SinkFilter.ALL, maxRecords, maxBytes, Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofMillis(200), 1_000_000, false, Duration.ofMillis(50));
    }

    /** A started engine feeding a new sink. */
    protected DeliveryEngine engine(DeliverySettings settings) {
        AuditSink sink = activity.record(newSink());
        DeliveryEngine e = new DeliveryEngine(store, home, List.of(new DeliveryEngine.Sink("tck", sink, settings)),
                DeliveryListener.NONE, Clock.systemUTC());
        opened.add(e);
        engines.add(e);
        e.start();
        return e;
    }

    /** A sink the kit closes after the test. */
    protected AuditSink openSink() {
        AuditSink s = activity.record(newSink());
        opened.add(s);
        return s;
    }

    /** How long the kit waits for the receiver; 30 s unless a subclass needs more (a slow receiver) or less. */
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }

    /** Waits up to {@link #patience()}; on timeout the failure says what the sink was doing. */
    protected void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + patience().toSeconds() + " s for: " + what + ". It did not happen.\n"
                        + sinkState());
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits up to {@link #patience()} until every one of {@code expected} has arrived; on timeout the failure lists
     * what is missing, what arrived, and what the sink was doing.
     */
    protected void awaitArrival(String what, List<AuditRecord> expected) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (firstArrivals(expected).size() < expected.size()) {
            if (System.nanoTime() > deadline) {
                List<String> got = firstArrivals(expected);
                List<String> missing = ids(expected).stream().filter(id -> !got.contains(id)).toList();
                throw new AssertionError("Waited " + patience().toSeconds() + " s for: " + what + ". " + got.size() + " of " + expected.size()
                        + " records arrived.\n  missing:  " + describe(missing) + "\n  received: " + describe(got)
                        + "\n" + sinkState());
            }
            Thread.sleep(10);
        }
    }

    /**
     * Asserts that the receiver got each of {@code expected} (first arrivals) in exactly this order; the failure
     * names the first difference by position, id and seq.
     */
    protected void assertArrivedInOrder(List<AuditRecord> expected) {
        List<String> got = firstArrivals(expected);
        List<String> want = ids(expected);
        if (got.equals(want)) {
            return;
        }
        int i = 0;
        while (i < got.size() && i < want.size() && got.get(i).equals(want.get(i))) {
            i++;
        }
        String difference = i < want.size() && i < got.size()
                ? "at position " + i + " expected " + describe(want.get(i)) + " but received " + describe(got.get(i))
                : i < want.size() ? "received only " + got.size() + " of them; next expected " + describe(want.get(i))
                : "received more than expected";
        throw new AssertionError("The receiver did not get the records in seq order: first difference " + difference
                + ".\n  expected: " + describe(want) + "\n  received: " + describe(got) + "\n" + sinkState());
    }

    /** Ids with their seq ({@code [0190…a1b2c3d4 (seq 3), …]}), at most 12, then how many more. */
    protected String describe(List<String> ids) {
        List<String> shown = ids.stream().limit(12).map(this::describe).toList();
        return "[" + String.join(", ", shown) + (ids.size() > 12 ? ", … " + (ids.size() - 12) + " more" : "") + "]";
    }

    /** One id with its seq: {@code 0190…a1b2c3d4 (seq 3)}. */
    protected String describe(String id) {
        return shortId(id) + " (seq " + seqOfId.getOrDefault(id, -1L) + ")";
    }

    private static String shortId(String id) {
        return id.length() > 13 ? id.substring(0, 4) + "…" + id.substring(id.length() - 8) : id;
    }

    /** The sink's last calls and each engine's state, for failure messages. */
    protected String sinkState() {
        StringBuilder sb = new StringBuilder("What the sink was doing (last calls, oldest first):\n").append(activity.describe());
        for (DeliveryEngine e : engines) {
            for (SinkStatus s : e.status()) {
                sb.append("\nDelivery engine: delivered ").append(s.delivered()).append(", failed attempts ").append(s.failures())
                        .append(", consecutive failures ").append(s.consecutiveFailures()).append(", dead-lettered ")
                        .append(s.deadLettered()).append(", lag ").append(s.lag()).append(", last error ").append(s.lastError());
            }
        }
        return sb.toString();
    }

    /** The received ids that belong to {@code records}, first arrivals only, in arrival order. */
    protected List<String> firstArrivals(List<AuditRecord> records) {
        Set<String> wanted = new LinkedHashSet<>(records.stream().map(AuditRecord::id).toList());
        return new ArrayList<>(new LinkedHashSet<>(receivedIds().stream().filter(wanted::contains).toList()));
    }

    protected static List<String> ids(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::id).toList();
    }
}
