package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.delivery.DeliverySettings;
import dev.custody.domain.delivery.SinkFilter;
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
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every sink contract. A subclass points {@link #newSink()} at a real receiver that the test
 * runs on loopback and reports, through {@link #receivedIds()}, the record ids that receiver parsed, in
 * arrival order. Records are built by the real appender on a memory store and delivered by the real
 * {@link DeliveryEngine}, so the contracts show what an operator gets.
 */
public abstract class SinkContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** State of the delivery engine (cursor, dead letters). */
    @TempDir
    protected Path home;

    protected final MemoryAuditStore store = new MemoryAuditStore();
    protected final ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
    private final List<AutoCloseable> opened = new ArrayList<>();

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
        return appender.append(IntStream.range(0, n).mapToObj(i -> AuditEvent.builder(chain).kind(i % 4 == 0 ? "decision" : "access")
                .action(i % 3 == 0 ? "document.read" : "loan.update").actor("user", "u-" + i).resource("doc", "d\"" + i)
                .outcome(i % 5 == 0 ? "denied" : "success")
                .payload(Map.of("note", "Résumé \"q\" \\ ] | = \u2603 #" + i, "n", i)).build()).toList());
    }

    /** Fast retries, so receiver outages are ridden out within a test. */
    protected DeliverySettings settings(int maxRecords, long maxBytes) {
        return new DeliverySettings(SinkFilter.ALL, maxRecords, maxBytes, Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofMillis(200), 1_000_000, false, Duration.ofMillis(50));
    }

    /** A started engine feeding a new sink. */
    protected DeliveryEngine engine(DeliverySettings settings) {
        AuditSink sink = newSink();
        DeliveryEngine e = new DeliveryEngine(store, home, List.of(new DeliveryEngine.Sink("tck", sink, settings)),
                DeliveryListener.NONE, Clock.systemUTC());
        opened.add(e);
        e.start();
        return e;
    }

    /** A sink the kit closes after the test. */
    protected AuditSink openSink() {
        AuditSink s = newSink();
        opened.add(s);
        return s;
    }

    /** Waits up to 30 s. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
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
