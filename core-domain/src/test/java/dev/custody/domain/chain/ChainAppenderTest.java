package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChainAppenderTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final MemoryAuditStore memory = new MemoryAuditStore();
    private final ChainVerifier verifier = new ChainVerifier();

    @Test
    void append_groupsConcurrentCallersIntoFewerBatches() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ForwardingStore slow = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                calls.incrementAndGet();
                sleep(20);
                return super.append(chain, expected, batch);
            }
        };
        try (ChainAppender appender = new ChainAppender(slow, Clock.systemUTC())) {
            List<CompletableFuture<List<AuditRecord>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(appender.appendAsync(List.of(Events.llmCall(CHAIN, i))));
            }
            for (CompletableFuture<List<AuditRecord>> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(calls.get()).isLessThan(20);
        assertThat(memory.tip(CHAIN).seq()).isEqualTo(200);
        assertThat(verifier.verify(memory, CHAIN).valid()).isTrue();
    }

    @Test
    void append_relinksAndRetriesWhenAnotherWriterMovedTheTip() {
        AtomicInteger calls = new AtomicInteger();
        RecordEncoder other = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        ForwardingStore racing = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                if (calls.incrementAndGet() <= 2) {   // another replica sneaks in first, twice
                    ChainTip tip = memory.tip(chain);
                    memory.append(chain, tip, other.encodeEvents(tip, List.of(Events.llmCall(chain, 99))));
                }
                return super.append(chain, expected, batch);
            }
        };
        try (ChainAppender appender = new ChainAppender(racing, Clock.systemUTC(),
                AppendOptions.DEFAULT.withBaseBackoff(Duration.ofMillis(1)), AppendListener.NONE)) {
            AuditRecord r = appender.append(Events.llmCall(CHAIN, 1));
            assertThat(r.seq()).isEqualTo(3);
        }
        assertThat(calls.get()).isEqualTo(3);
        assertThat(verifier.verify(memory, CHAIN).valid()).isTrue();
    }

    /**
     * An earlier attempt of the same events (its answer lost to a network that held the bytes, then delivered them)
     * lands just before the retry: the conflict is that attempt, whose records are the answer. Re-encoding the events
     * on the new tip would store every id twice. Checked with plain retries and with serialised appends.
     */
    @Test
    void append_conflictCausedByAnEarlierAttemptOfTheSameEvents_answersItsRecords_neverStoresThemTwice() {
        for (boolean serialised : new boolean[] {false, true}) {
            MemoryAuditStore store = new MemoryAuditStore();
            ChainId chain = ChainId.of("billing", serialised ? "serialised" : "plain");
            AtomicInteger calls = new AtomicInteger();
            ForwardingStore delayed = new ForwardingStore(store) {
                @Override
                public java.util.Set<dev.custody.ports.StoreCapability> capabilities() {
                    java.util.Set<dev.custody.ports.StoreCapability> c = java.util.EnumSet.copyOf(store.capabilities());
                    if (serialised) {
                        c.add(dev.custody.ports.StoreCapability.SERIALIZED_APPEND);
                    }
                    return c;
                }

                @Override
                public AppendResult append(ChainId c, ChainTip expected, List<AuditRecord> batch) {
                    if (calls.incrementAndGet() == 2) {   // the held bytes of the earlier attempt of this batch arrive first
                        store.append(c, expected, batch);
                    }
                    return super.append(c, expected, batch);
                }

                @Override
                public synchronized List<AuditRecord> appendSerialized(ChainId c,
                        java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
                    ChainTip tip = store.tip(c);
                    List<AuditRecord> batch = encode.apply(tip);
                    if (!batch.isEmpty() && !(store.append(c, tip, batch) instanceof AppendResult.Appended)) {
                        throw new AssertionError("a serialised append lost");
                    }
                    return batch;
                }
            };
            try (ChainAppender appender = new ChainAppender(delayed, Clock.systemUTC(),
                    AppendOptions.DEFAULT.withBaseBackoff(Duration.ofMillis(1)), AppendListener.NONE)) {
                appender.append(Events.llmCall(chain, 0));
                List<AuditEvent> events = List.of(Events.llmCall(chain, 1), Events.llmCall(chain, 2));
                List<String> ids = appender.assignIds(events);
                List<AuditRecord> answered = appender.appendAsync(events, ids).join();
                assertThat(answered).extracting(AuditRecord::id).containsExactlyElementsOf(ids);
                assertThat(answered).extracting(AuditRecord::seq).containsExactly(2L, 3L);
                assertThat(appender.append(Events.llmCall(chain, 3)).seq()).as("the chain goes on after them").isEqualTo(4);
            }
            assertThat(store.stream(chain).map(AuditRecord::id).toList()).as(serialised ? "serialised" : "plain")
                    .doesNotHaveDuplicates().hasSize(4);
            assertThat(verifier.verify(store, chain).valid()).isTrue();
        }
    }

    @Test
    void append_givesUpAfterMaxAttemptsWithNothingStored() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ForwardingStore alwaysMoved = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                calls.incrementAndGet();
                return new AppendResult.Conflict(new ChainTip(expected.seq() + 1, "f".repeat(64), expected.recordedAt()));
            }
        };
        AppendListener listener = new AppendListener() {
            @Override
            public void conflict(ChainId chain, int attempt) {
                conflicts.incrementAndGet();
            }
        };
        try (ChainAppender appender = new ChainAppender(alwaysMoved, Clock.systemUTC(),
                AppendOptions.DEFAULT.withBaseBackoff(Duration.ofMillis(1)), listener)) {
            assertThatThrownBy(() -> appender.append(Events.llmCall(CHAIN, 1)))
                    .isInstanceOf(ChainContentionException.class)
                    .hasMessageContaining("billing/acme").hasMessageContaining("5 attempts");
        }
        assertThat(calls.get()).isEqualTo(5);
        assertThat(conflicts.get()).isEqualTo(5);
        assertThat(memory.tip(CHAIN)).isEqualTo(ChainTip.GENESIS);
    }

    @Test
    void append_refusesBeyondThePendingLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ForwardingStore blocked = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                await(release);
                return super.append(chain, expected, batch);
            }
        };
        AppendOptions small = AppendOptions.DEFAULT.withMaxBatchEvents(10).withMaxPendingEventsPerChain(20);
        try (ChainAppender appender = new ChainAppender(blocked, Clock.systemUTC(), small, AppendListener.NONE)) {
            List<CompletableFuture<List<AuditRecord>>> accepted = new ArrayList<>();
            accepted.add(appender.appendAsync(batch(10)));   // taken by the writer, blocked in the store
            Thread.sleep(50);
            accepted.add(appender.appendAsync(batch(10)));
            accepted.add(appender.appendAsync(batch(10)));
            assertThatThrownBy(() -> appender.appendAsync(batch(1)))
                    .isInstanceOf(AppendRejectedException.class).hasMessageContaining("retry later");
            release.countDown();
            for (CompletableFuture<List<AuditRecord>> f : accepted) {
                assertThat(f.get(10, TimeUnit.SECONDS)).hasSize(10);
            }
        }
        assertThat(memory.tip(CHAIN).seq()).isEqualTo(30);
    }

    @Test
    void append_storeFailureReachesTheCallerAndTheNextAppendRecovers() {
        AtomicInteger calls = new AtomicInteger();
        ForwardingStore flaky = new ForwardingStore(memory) {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                if (calls.incrementAndGet() == 2) {
                    throw new AuditStoreException("append to " + chain + ": disk on fire");
                }
                return super.append(chain, expected, batch);
            }
        };
        try (ChainAppender appender = new ChainAppender(flaky, Clock.systemUTC())) {
            appender.append(Events.llmCall(CHAIN, 1));
            assertThatThrownBy(() -> appender.append(Events.llmCall(CHAIN, 2)))
                    .isInstanceOf(AuditStoreException.class).hasMessageContaining("disk on fire");
            assertThat(appender.append(Events.llmCall(CHAIN, 3)).seq()).isEqualTo(2);
        }
        assertThat(verifier.verify(memory, CHAIN).valid()).isTrue();
    }

    @Test
    void append_batchAcrossChainsAnswersInRequestOrder() {
        ChainId other = ChainId.of("billing", "globex");
        try (ChainAppender appender = new ChainAppender(memory, Clock.systemUTC())) {
            List<AuditRecord> out = appender.append(List.of(Events.llmCall(CHAIN, 1), Events.llmCall(other, 2),
                    Events.llmCall(CHAIN, 3)));
            assertThat(out).extracting(AuditRecord::chain).containsExactly(CHAIN, other, CHAIN);
            assertThat(out).extracting(AuditRecord::seq).containsExactly(1L, 1L, 2L);
        }
    }

    @Test
    void append_invalidEventInABatchStoresNothingAndNamesItsIndex() {
        AuditEvent bad = AuditEvent.builder(CHAIN).kind("nope").action("a").actor("user", "u").outcome("ok").build();
        try (ChainAppender appender = new ChainAppender(memory, Clock.systemUTC())) {
            assertThatThrownBy(() -> appender.append(List.of(Events.llmCall(CHAIN, 1), bad)))
                    .isInstanceOf(InvalidEventException.class)
                    .satisfies(e -> assertThat(((InvalidEventException) e).field()).isEqualTo("/events/1/kind"));
        }
        assertThat(memory.tip(CHAIN)).isEqualTo(ChainTip.GENESIS);
    }

    @Test
    void append_afterCloseIsRefused() {
        ChainAppender appender = new ChainAppender(memory, Clock.systemUTC());
        appender.close();
        assertThatThrownBy(() -> appender.append(Events.llmCall(CHAIN, 1))).isInstanceOf(AppendRejectedException.class);
    }

    private static List<AuditEvent> batch(int n) {
        List<AuditEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Events.llmCall(CHAIN, i));
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
