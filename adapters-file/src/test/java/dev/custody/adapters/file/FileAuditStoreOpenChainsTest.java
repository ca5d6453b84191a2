package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store holds at most {@code max-open-chains} chains open, whatever the number of chains it serves and however
 * many callers use them at once: chains are closed least recently used first and recovered again at their next
 * use, and nothing is lost or reordered on the way. Open descriptors are counted by the OS ({@code /proc/self/fd}).
 */
class FileAuditStoreOpenChainsTest {

    private static final int THREADS = 64;

    /**
     * Descriptors a leased chain may hold for a moment: its newest day file, a day file it creates, the directory it
     * syncs (recovery opens one file at a time).
     */
    private static final int PER_CHAIN_IN_USE = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "max-open-chains {0}")
    @ValueSource(ints = {2, 16})
    void sixtyFourThreadsOverFiveHundredChains_everyAppendAnswered_neverMoreOpenThanTheCap(int cap) throws Exception {
        List<ChainId> chains = chains("many", 500);
        warmUp();
        Path root = dir.resolve("store");
        int before = Descriptors.open();
        Map<ChainId, Map<Long, String>> answered = new ConcurrentHashMap<>();
        try (FileAuditStore store = FileAuditStore.open(root, Clock.systemUTC(), LineCodec.PLAIN, cap);
                ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            Path real = store.directory();
            Peaks peaks = new Peaks(store, real, before);
            peaks.start();
            runOnThreads((thread, i) -> {
                ChainId chain = chains.get((thread + i * THREADS) % chains.size());   // every chain, in turn
                for (AuditRecord r : appender.append(List.of(event(chain, thread, i)))) {
                    answered.computeIfAbsent(chain, c -> new ConcurrentHashMap<>()).put(r.seq(), r.id());
                }
            }, 40);
            peaks.stop();

            assertThat(answered.values().stream().mapToInt(Map::size).sum()).as("appends answered").isEqualTo(THREADS * 40);
            assertThat(answered).as("every chain was written").hasSize(chains.size());
            assertThat(peaks.chains.get()).as("open chains at most").isLessThanOrEqualTo(cap);
            assertThat(peaks.channels.get()).as("open append channels at most").isLessThanOrEqualTo(cap);
            assertThat(peaks.underStore.get()).as("descriptors on the store's files at most (+1: .lock)")
                    .isLessThanOrEqualTo(PER_CHAIN_IN_USE * cap + 1);
            assertThat(peaks.delta.get()).as("descriptors of the process above the start at most")
                    .isLessThanOrEqualTo(PER_CHAIN_IN_USE * cap + 8);
            assertThat(store.openChannels()).isLessThanOrEqualTo(cap);
            assertThat(Descriptors.under(real)).as("idle: one per open chain, and .lock").isLessThanOrEqualTo(cap + 1);
            assertThat(Descriptors.open() - before).as("idle, above the start").isLessThanOrEqualTo(cap + 4);

            for (ChainId chain : chains) {
                assertChainHolds(store, chain, answered.get(chain));
                assertThat(store.openChains()).isLessThanOrEqualTo(cap);
            }
            assertThat(store.recoveries()).as("chains were closed and recovered again").isGreaterThan(chains.size());
        }
        assertThat(Descriptors.under(root.toRealPath())).as("a closed store holds nothing").isZero();
    }

    @Test
    void oneChainClosedAndReopenedBetweenItsWriters_staysWhole() throws Exception {
        ChainId hot = ChainId.of("hot", "one");
        List<ChainId> cold = chains("cold", 200);
        Map<Long, String> answered = new ConcurrentHashMap<>();
        try (FileAuditStore store = FileAuditStore.open(dir, Clock.systemUTC(), LineCodec.PLAIN, 2);
                ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            Peaks peaks = new Peaks(store, store.directory(), Descriptors.open());
            peaks.start();
            runOnThreads((thread, i) -> {
                if (thread % 2 == 0) {
                    for (AuditRecord r : appender.append(List.of(event(hot, thread, i)))) {
                        answered.put(r.seq(), r.id());
                    }
                } else {
                    ChainId other = cold.get((thread / 2 + i * (THREADS / 2)) % cold.size());
                    appender.append(List.of(event(other, thread, i)));
                    assertThat(store.tip(hot).seq()).isGreaterThanOrEqualTo(0);   // reads of the hot chain reopen it too
                }
            }, 30);
            peaks.stop();

            assertThat(answered).hasSize(THREADS / 2 * 30);
            assertChainHolds(store, hot, answered);
            assertThat(peaks.chains.get()).isLessThanOrEqualTo(2);
            assertThat(store.recoveries()).as("chains closed for room and recovered again")
                    .isGreaterThan(cold.size() + 1L);
        }
    }

    private static void assertChainHolds(FileAuditStore store, ChainId chain, Map<Long, String> answered) {
        Verification v = new ChainVerifier().verify(store, chain);
        assertThat(v.valid()).as("%s verifies: %s", chain, v.reason()).isTrue();
        assertThat(v.recordsChecked()).as("%s records", chain).isEqualTo(answered.size());
        try (Stream<AuditRecord> s = store.stream(chain)) {
            s.forEach(r -> assertThat(r.id()).as("%s seq %s", chain, r.seq()).isEqualTo(answered.get(r.seq())));
        }
    }

    /** The highest counts seen while the load runs, sampled by a thread of its own. */
    private static final class Peaks {
        final AtomicInteger chains = new AtomicInteger();
        final AtomicInteger channels = new AtomicInteger();
        final AtomicInteger underStore = new AtomicInteger();
        final AtomicInteger delta = new AtomicInteger();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread sampler;

        Peaks(FileAuditStore store, Path root, int before) {
            sampler = new Thread(() -> {
                while (!done.get()) {
                    chains.accumulateAndGet(store.openChains(), Math::max);
                    channels.accumulateAndGet(store.openChannels(), Math::max);
                    underStore.accumulateAndGet(Descriptors.under(root), Math::max);
                    delta.accumulateAndGet(Descriptors.open() - before, Math::max);
                }
            }, "peaks");
        }

        void start() {
            sampler.start();
        }

        void stop() throws InterruptedException {
            done.set(true);
            sampler.join();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(int thread, int iteration) throws Exception;
    }

    /** {@link #THREADS} threads released together, each running {@code step} {@code iterations} times. */
    private static void runOnThreads(Step step, int iterations) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < iterations; i++) {
                    step.run(thread, i);
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Loads what the measured run uses, so that the JVM opening a jar or a class file is not counted. */
    private void warmUp() throws Exception {
        try (FileAuditStore store = FileAuditStore.open(dir.resolve("warm-up"), Clock.systemUTC(), LineCodec.PLAIN, 1);
                ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            ChainId chain = ChainId.of("warm", "up");
            appender.append(List.of(event(chain, 0, 0)));
            assertChainHolds(store, chain, Map.of(1L, store.readRange(chain, 1, 1).get(0).id()));
            appender.append(List.of(event(ChainId.of("warm", "other"), 0, 0)));
            Descriptors.under(dir);
        }
    }

    private static List<ChainId> chains(String namespace, int n) {
        List<ChainId> chains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chains.add(ChainId.of(namespace, String.format("t-%04d", i)));
        }
        return chains;
    }

    private static AuditEvent event(ChainId chain, int thread, int i) {
        return AuditEvent.builder(chain).kind("decision").action("many.chains").actor("thread", "t" + thread)
                .outcome("ok").payload(Map.of("i", i)).build();
    }
}
