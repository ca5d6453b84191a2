package dev.custody.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.MovableClock;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery with many chains: passes woken by appends, paced full passes, idle cursors (ADR 0128). */
class DeliveryManyChainsTest {

    @TempDir
    Path home;
    private final CountingStore store = new CountingStore();
    private final ChainAppender appender = new ChainAppender(store.memory, Clock.systemUTC());
    private final List<DeliveryEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(DeliveryEngine::close);
        appender.close();
    }

    private static DeliverySettings polling(Duration poll) {
        return new DeliverySettings(SinkFilter.ALL, 100, 1 << 20, Duration.ZERO, Duration.ofMillis(5),
                Duration.ofMillis(40), 3, false, poll);
    }

    private DeliveryEngine engine(RecordingSink sink, DeliverySettings settings, Clock clock) {
        DeliveryEngine e = new DeliveryEngine(store, home, List.of(new DeliveryEngine.Sink("siem", sink, settings)),
                DeliveryListener.NONE, clock);
        engines.add(e);
        e.start();
        return e;
    }

    private void append(ChainId chain, int n) {
        for (int i = 0; i < n; i++) {
            appender.append(AuditEvent.builder(chain).kind("access").action("read").actor("user", "u-" + i)
                    .outcome("success").build());
        }
    }

    private static ChainId tenant(int i) {
        return ChainId.of("tenants", "t" + i);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A pass woken by appends to one chain reads that chain only, not the list of every chain. */
    @Test
    void aPassWokenByAnAppend_visitsTheChainAppendedTo_notEveryChain() throws Exception {
        for (int i = 0; i < 200; i++) {
            append(tenant(i), 1);
        }
        RecordingSink sink = new RecordingSink();
        DeliveryEngine engine = engine(sink, polling(Duration.ofMinutes(10)), Clock.systemUTC());
        await(() -> sink.records().size() == 200);
        await(() -> engine.status().get(0).lag() == 0);
        int listings = store.listings.get();
        int streamsOfOthers = store.streams(tenant(1));

        append(tenant(7), 2);
        engine.appended(tenant(7), 2);
        await(() -> sink.records().size() == 202);
        assertThat(sink.seqs(tenant(7))).containsExactly(1L, 2L, 3L);
        assertThat(store.listings.get()).as("every chain listed again").isEqualTo(listings);
        assertThat(store.streams(tenant(1))).as("another chain read again").isEqualTo(streamsOfOthers);
        await(() -> engine.status().get(0).lag() == 0);
    }

    /** A woken pass that failed on a store error visits its chains again at the next wake-up, not at the next full pass. */
    @Test
    void chainsOfAWokenPassThatFailed_areVisitedAgainAtTheNextWakeUp() throws Exception {
        append(tenant(1), 1);
        RecordingSink sink = new RecordingSink();
        DeliveryEngine engine = engine(sink, polling(Duration.ofMinutes(10)), Clock.systemUTC());
        await(() -> sink.records().size() == 1);
        await(() -> engine.status().get(0).lag() == 0);

        store.failedStreams.set(1);   // the next read of a chain fails as an unreachable database does
        append(tenant(2), 1);
        engine.appended(tenant(2), 1);
        await(() -> store.failedStreams.get() == 0);
        append(tenant(3), 1);
        engine.appended(tenant(3), 1);
        await(() -> sink.records().size() == 3);
        assertThat(sink.seqs(tenant(2))).containsExactly(1L);
    }

    /**
     * Listing the chains takes 40 ms and the poll interval is 1 ms: full passes start no sooner than ten times the
     * last one's duration after it, so they take at most about a tenth of the worker's time (each pass lists the
     * chains twice: to count the lag and to deliver).
     */
    @Test
    void fullPassesAreSpacedByTenTimesTheirDuration() throws Exception {
        append(tenant(1), 1);
        store.listingDelay = Duration.ofMillis(40);
        RecordingSink sink = new RecordingSink();
        engine(sink, polling(Duration.ofMillis(1)), Clock.systemUTC());
        await(() -> sink.records().size() == 1);
        int from = Math.max(store.listings.get(), 1) - 1;   // the latest listing so far
        await(() -> store.listingTimes.size() >= from + 5);
        // the next four listings (two full passes of two listings, 40 ms apiece): with passes spaced by ten times their
        // duration they span two gaps of at least 10 x 80 ms less a pass; back to back (poll 1 ms) they take ~160 ms.
        // A loaded machine only stretches the span, so no upper bound is asserted on wall-clock time.
        long spanMillis = (store.listingTimes.get(from + 4) - store.listingTimes.get(from)) / 1_000_000;
        assertThat(spanMillis).as("two full passes after the first, each at least 80 ms").isGreaterThanOrEqualTo(1_200);
    }

    /**
     * 300 chains delivered, then the cursor idle: the engine holds none of them in memory; appends to 50 of them are
     * delivered from where the cursor was, nothing twice and nothing skipped.
     */
    @Test
    void anIdleCursorHoldsNoChain_andDeliveryResumesWhereItWas() throws Exception {
        for (int i = 0; i < 300; i++) {
            append(tenant(i), 2);
        }
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
        RecordingSink sink = new RecordingSink();
        DeliveryEngine engine = engine(sink, polling(Duration.ofMinutes(10)), clock);
        await(() -> sink.records().size() == 600);
        await(() -> engine.status().get(0).lag() == 0);
        assertThat(engine.heldChains()).isGreaterThan(0);
        assertThat(engine.releaseIdle(Duration.ofSeconds(60))).as("used just now").isZero();
        long released = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.heldChains() > 0 && System.nanoTime() < deadline) {
            clock.now = clock.now.plusSeconds(61);   // the worker may still be ending its pass: time goes on
            released += engine.releaseIdle(Duration.ofSeconds(60));
            Thread.sleep(1);
        }
        assertThat(released).isPositive();
        assertThat(engine.heldChains()).isZero();

        for (int i = 0; i < 300; i += 6) {
            append(tenant(i), 1);
            engine.appended(tenant(i), 1);
        }
        await(() -> sink.records().size() == 650);
        for (int i = 0; i < 300; i++) {
            assertThat(sink.seqs(tenant(i))).as(tenant(i).toString())
                    .containsExactlyElementsOf(i % 6 == 0 ? List.of(1L, 2L, 3L) : List.of(1L, 2L));
        }
    }

    /** The memory store, counting how often every chain is listed and how often each chain is read. */
    private static final class CountingStore implements AuditStore {
        final MemoryAuditStore memory = new MemoryAuditStore();
        final AtomicInteger listings = new AtomicInteger();
        /** System.nanoTime() at each listing, in order. */
        final List<Long> listingTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<ChainId, AtomicInteger> streams = new ConcurrentHashMap<>();
        volatile Duration listingDelay = Duration.ZERO;
        /** Reads of a chain still to fail. */
        final AtomicInteger failedStreams = new AtomicInteger();

        int streams(ChainId chain) {
            return streams.getOrDefault(chain, new AtomicInteger()).get();
        }

        @Override public Set<StoreCapability> capabilities() { return memory.capabilities(); }
        @Override public ChainTip tip(ChainId chain) { return memory.tip(chain); }
        @Override public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            return memory.append(chain, expected, batch);
        }
        @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
            streams.computeIfAbsent(chain, c -> new AtomicInteger()).incrementAndGet();
            if (failedStreams.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new dev.custody.ports.StoreUnavailableException("stream " + chain + ": connection refused (test)");
            }
            return memory.stream(chain, fromSeq, toSeq);
        }
        @Override public RecordPage query(RecordQuery query) { return memory.query(query); }
        @Override
        public Set<ChainId> chains() {
            listingTimes.add(System.nanoTime());
            listings.incrementAndGet();
            try {
                Thread.sleep(listingDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return memory.chains();
        }
        @Override public void close() { memory.close(); }
    }
}
