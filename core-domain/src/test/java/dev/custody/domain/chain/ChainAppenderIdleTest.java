package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.MovableClock;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The appender holds a chain's state only while it is used (ADR 0127). */
class ChainAppenderIdleTest {

    private static final Duration IDLE = Duration.ofSeconds(60);
    private final MemoryAuditStore memory = new MemoryAuditStore();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final ChainVerifier verifier = new ChainVerifier();

    @Test
    void releaseIdle_dropsOnlyChainsIdleForTheTimeout_andTheNextAppendContinuesEachChain() {
        ChainId a = ChainId.of("billing", "a");
        ChainId b = ChainId.of("billing", "b");
        try (ChainAppender appender = new ChainAppender(memory, clock)) {
            AuditRecord a1 = appender.append(Events.llmCall(a, 1));
            appender.append(Events.llmCall(b, 1));
            assertThat(appender.heldChains()).isEqualTo(2);
            assertThat(appender.releaseIdle(IDLE)).as("used just now").isZero();

            clock.now = clock.now.plusSeconds(30);
            appender.append(Events.llmCall(b, 2));
            clock.now = clock.now.plusSeconds(31);
            assertThat(release(appender, 1)).as("only a was idle for 60 s").isEqualTo(1);
            assertThat(appender.heldChains()).isEqualTo(1);
            assertThat(appender.knownSeq(a)).as("nothing held of a").isZero();

            AuditRecord a2 = appender.append(Events.llmCall(a, 2));
            assertThat(a2.seq()).isEqualTo(2);
            assertThat(a2.json()).contains("\"prev_hash\":\"" + a1.recordHash() + "\"");
            clock.now = clock.now.plusSeconds(61);
            assertThat(release(appender, 2)).isEqualTo(2);
            assertThat(appender.heldChains()).isZero();
            assertThat(appender.append(Events.llmCall(b, 3)).seq()).isEqualTo(3);
        }
        assertThat(verifier.verify(memory, a).valid()).isTrue();
        assertThat(verifier.verify(memory, b).valid()).isTrue();
    }

    @Test
    void aReleasedChainReadsItsTipFromTheStore_soAnotherWritersAppendsAreNotOverwritten() {
        ChainId chain = ChainId.of("billing", "shared");
        AtomicInteger tipReads = new AtomicInteger();
        ForwardingStore counting = new ForwardingStore(memory) {
            @Override
            public ChainTip tip(ChainId c) {
                tipReads.incrementAndGet();
                return super.tip(c);
            }
        };
        RecordEncoder other = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        try (ChainAppender appender = new ChainAppender(counting, clock)) {
            appender.append(Events.llmCall(chain, 1));
            appender.append(Events.llmCall(chain, 2));
            assertThat(tipReads.get()).as("the tip is read once, then kept").isEqualTo(1);
            clock.now = clock.now.plus(IDLE);
            assertThat(release(appender, 1)).isEqualTo(1);
            // another replica appends meanwhile
            ChainTip tip = memory.tip(chain);
            memory.append(chain, tip, other.encodeEvents(tip, List.of(Events.llmCall(chain, 99))));

            AuditRecord next = appender.append(Events.llmCall(chain, 3));
            assertThat(tipReads.get()).as("rebuilt from the store").isEqualTo(2);
            assertThat(next.seq()).isEqualTo(4);
        }
        assertThat(verifier.verify(memory, chain).valid()).isTrue();
    }

    @Test
    void aChainWithAnAppendInFlightIsNeverReleased() throws Exception {
        ChainId chain = ChainId.of("billing", "slow");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        ForwardingStore blocking = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId c, ChainTip expected, List<AuditRecord> batch) {
                entered.countDown();
                try {
                    proceed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.append(c, expected, batch);
            }
        };
        try (ChainAppender appender = new ChainAppender(blocking, clock)) {
            CompletableFuture<List<AuditRecord>> first = appender.appendAsync(List.of(Events.llmCall(chain, 1)));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<AuditRecord>> queued = appender.appendAsync(List.of(Events.llmCall(chain, 2)));
            clock.now = clock.now.plus(Duration.ofDays(1));
            assertThat(appender.releaseIdle(Duration.ZERO)).as("a batch is being written, another queued").isZero();
            assertThat(appender.heldChains()).isEqualTo(1);
            proceed.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).get(0).seq()).isEqualTo(1);
            assertThat(queued.get(10, TimeUnit.SECONDS).get(0).seq()).isEqualTo(2);
            awaitReleased(appender);
        }
        assertThat(verifier.verify(memory, chain).valid()).isTrue();
    }

    /**
     * Appends on many threads to a few chains while another thread releases every chain that is not busy, as often
     * as it can: every append is answered with its own record, each chain holds every event once, in seq order with
     * no gap, and verifies; and no append ever conflicted, so no chain ever had two writers at once (a writer
     * released with work queued and replaced would race its replacement, which the conditional append would catch
     * as a conflict).
     */
    @Test
    void releasingWhileAppending_losesAndDuplicatesNothing() throws Exception {
        List<ChainId> chains = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            chains.add(ChainId.of("race", "t" + i));
        }
        ForwardingStore jittery = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId c, ChainTip expected, List<AuditRecord> batch) {
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    Thread.yield();
                }
                return super.append(c, expected, batch);
            }
        };
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong released = new AtomicLong();
        ConcurrentLinkedQueue<AuditRecord> answered = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        AppendListener counting = new AppendListener() {
            @Override
            public void conflict(ChainId chain, int attempt) {
                conflicts.incrementAndGet();
            }
        };
        try (ChainAppender appender = new ChainAppender(jittery, Clock.systemUTC(), AppendOptions.DEFAULT, counting)) {
            Thread sweeper = new Thread(() -> {
                while (running.get()) {
                    released.addAndGet(appender.releaseIdle(Duration.ZERO));
                }
            });
            sweeper.start();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        ChainId chain = chains.get((thread + i) % chains.size());
                        try {
                            answered.addAll(appender.append(List.of(Events.llmCall(chain, thread * 1000 + i))));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join(60_000);
            }
            running.set(false);
            sweeper.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(conflicts.get()).as("appends that found their chain's tip moved").isZero();
        assertThat(released.get()).as("writers were released while others appended").isGreaterThan(0);
        assertThat(answered).hasSize(6 * 300);
        long total = 0;
        for (ChainId chain : chains) {
            try (Stream<AuditRecord> s = memory.stream(chain)) {
                List<AuditRecord> records = s.toList();
                total += records.size();
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).seq()).isEqualTo(i + 1);
                }
                assertThat(records).extracting(AuditRecord::id).doesNotHaveDuplicates();
            }
            assertThat(verifier.verify(memory, chain).valid()).isTrue();
        }
        assertThat(total).isEqualTo(6 * 300);
        assertThat(answered).extracting(AuditRecord::id).doesNotHaveDuplicates();
    }

    /** 100,000 chains written once each, then idle: the appender holds none of them. */
    @Test
    void aHundredThousandChainsWrittenOnce_holdNothingOnceIdle() {
        try (ChainAppender appender = new ChainAppender(memory, clock)) {
            for (int call = 0; call < 100; call++) {
                List<AuditEvent> events = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    events.add(AuditEvent.builder(ChainId.of("tenants", "t" + (call * 1000 + i))).kind("access")
                            .action("read").actor("user", "u").outcome("success").build());
                }
                appender.append(events);
            }
            assertThat(appender.heldChains()).isEqualTo(100_000);
            clock.now = clock.now.plus(IDLE);
            assertThat(release(appender, 100_000)).isEqualTo(100_000);
            assertThat(appender.heldChains()).isZero();
            assertThat(appender.append(AuditEvent.builder(ChainId.of("tenants", "t77")).kind("access").action("read")
                    .actor("user", "u").outcome("success").build()).seq()).isEqualTo(2);
        }
    }

    /**
     * Releases idle chains until {@code expected} were released or 10 s passed: an append returns once its batch is
     * durable, a moment before its writer's thread is done with it (busy writers are never released).
     */
    private static int release(ChainAppender appender, int expected) {
        int released = appender.releaseIdle(IDLE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (released < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            released += appender.releaseIdle(IDLE);
        }
        return released;
    }

    private void awaitReleased(ChainAppender appender) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (appender.releaseIdle(Duration.ZERO) == 0 && appender.heldChains() > 0) {
            assertThat(System.nanoTime()).as("released within 10 s of its last batch").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertThat(appender.heldChains()).isZero();
    }
}
