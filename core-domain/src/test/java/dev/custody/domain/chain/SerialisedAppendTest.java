package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A chain other processes write too: after a conflict its batches go through the store's lock (ADR 0111). A lock
 * hold is every other process's wait, so it carries all this process has by then, and nothing sleeps before it (ADR
 * 0123).
 */
class SerialisedAppendTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final MemoryAuditStore memory = new MemoryAuditStore();
    private final RecordEncoder otherReplica = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());

    /** A store with a lock per store: the memory store, serialised; the first plain append loses to another replica. */
    private class LockingStore extends ForwardingStore {
        final List<Integer> serialisedBatches = new CopyOnWriteArrayList<>();
        final AtomicInteger plainAppends = new AtomicInteger();
        volatile CountDownLatch waiting = new CountDownLatch(0);
        volatile CountDownLatch granted = new CountDownLatch(0);
        /** Another process appends while this one waits for the lock. */
        volatile boolean othersWrite;

        LockingStore() {
            super(memory);
        }

        @Override
        public Set<StoreCapability> capabilities() {
            Set<StoreCapability> c = EnumSet.copyOf(memory.capabilities());
            c.add(StoreCapability.SERIALIZED_APPEND);
            return c;
        }

        @Override
        public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            if (plainAppends.incrementAndGet() == 1) {
                memory.append(chain, expected, otherReplica.encodeEvents(expected, List.of(Events.llmCall(chain, 99))));
            }
            return super.append(chain, expected, batch);
        }

        @Override
        public synchronized List<AuditRecord> appendSerialized(ChainId chain, Function<ChainTip, List<AuditRecord>> encode) {
            waiting.countDown();
            await(granted);   // another process holds the lock
            if (othersWrite) {
                ChainTip before = memory.tip(chain);
                memory.append(chain, before, otherReplica.encodeEvents(before, List.of(Events.llmCall(chain, 98))));
            }
            ChainTip tip = memory.tip(chain);
            List<AuditRecord> batch = encode.apply(tip);
            serialisedBatches.add(batch.size());
            if (!(memory.append(chain, tip, batch) instanceof AppendResult.Appended)) {
                throw new AssertionError("a serialised append lost");
            }
            return batch;
        }
    }

    @Test
    void theRequestsQueuedWhileWaitingForTheLock_goInTheSameLockHold() throws Exception {
        LockingStore store = new LockingStore();
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            assertThat(appender.append(Events.llmCall(CHAIN, 0)).seq()).as("after the other replica's record").isEqualTo(2);
            assertThat(store.serialisedBatches).as("the conflict's retry, under the lock").containsExactly(1);

            store.waiting = new CountDownLatch(1);
            store.granted = new CountDownLatch(1);
            CompletableFuture<List<AuditRecord>> first = appender.appendAsync(List.of(Events.llmCall(CHAIN, 1)));
            assertThat(store.waiting.await(10, TimeUnit.SECONDS)).as("the writer waits for the lock").isTrue();
            CompletableFuture<List<AuditRecord>> second = appender.appendAsync(List.of(Events.llmCall(CHAIN, 2)));
            CompletableFuture<List<AuditRecord>> third = appender.appendAsync(List.of(Events.llmCall(CHAIN, 3),
                    Events.llmCall(CHAIN, 4)));
            store.granted.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).extracting(AuditRecord::seq).containsExactly(3L);
            assertThat(second.get(10, TimeUnit.SECONDS)).extracting(AuditRecord::seq).containsExactly(4L);
            assertThat(third.get(10, TimeUnit.SECONDS)).extracting(AuditRecord::seq).containsExactly(5L, 6L);
        }
        assertThat(store.serialisedBatches).as("one lock hold carried the three requests").containsExactly(1, 4);
        assertThat(new ChainVerifier().verify(memory, CHAIN).valid()).isTrue();
    }

    @Test
    void aLockHoldCarriesNoMoreThanMaxBatchEvents() throws Exception {
        LockingStore store = new LockingStore();
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT.withMaxBatchEvents(3),
                AppendListener.NONE)) {
            appender.append(Events.llmCall(CHAIN, 0));
            store.waiting = new CountDownLatch(1);
            store.granted = new CountDownLatch(1);
            CompletableFuture<List<AuditRecord>> first = appender.appendAsync(List.of(Events.llmCall(CHAIN, 1)));
            assertThat(store.waiting.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<List<AuditRecord>>> more = List.of(
                    appender.appendAsync(List.of(Events.llmCall(CHAIN, 2))),
                    appender.appendAsync(List.of(Events.llmCall(CHAIN, 3), Events.llmCall(CHAIN, 4))),
                    appender.appendAsync(List.of(Events.llmCall(CHAIN, 5))));
            store.granted.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<List<AuditRecord>> f : more) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(store.serialisedBatches).as("a request that does not fit waits for the next hold")
                .containsExactly(1, 2, 3);
        assertThat(memory.tip(CHAIN).seq()).isEqualTo(7);
    }

    @Test
    void afterAConflict_theBatchGoesToTheLockWithoutBackingOff() {
        LockingStore store = new LockingStore();
        AppendOptions slowBackoff = AppendOptions.DEFAULT.withBaseBackoff(Duration.ofSeconds(10));   // 5 to 15 s
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC(), slowBackoff, AppendListener.NONE)) {
            long started = System.nanoTime();
            assertThat(appender.append(Events.llmCall(CHAIN, 0)).seq()).isEqualTo(2);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the lock is the queue: no sleep before it")
                    .isLessThan(Duration.ofSeconds(4));
        }
        assertThat(store.serialisedBatches).containsExactly(1);
    }

    /**
     * While other processes keep appending between its lock holds, a chain stays serialised past
     * {@link ChainWriter#SERIALISE_AFTER_CONFLICT}: going back to plain appends would race them and conflict again.
     * Once they stop, it goes back to plain appends when that time has passed.
     */
    @Test
    void aChainStaysSerialisedWhileOthersKeepAppendingIt_andGoesBackToPlainAppendsWhenTheyStop() throws Exception {
        LockingStore store = new LockingStore();
        long window = ChainWriter.SERIALISE_AFTER_CONFLICT.toMillis();
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            appender.append(Events.llmCall(CHAIN, 0));   // the conflict
            store.othersWrite = true;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(window + window / 4);
            for (int i = 1; System.nanoTime() < until; i++) {
                appender.append(Events.llmCall(CHAIN, i));
                Thread.sleep(window / 20);
            }
            assertThat(store.plainAppends.get()).as("no plain append while others kept appending").isEqualTo(1);

            store.othersWrite = false;
            appender.append(Events.llmCall(CHAIN, -1));   // its own record at the head under the lock: no extension
            Thread.sleep(window + window / 10);
            appender.append(Events.llmCall(CHAIN, -2));
            assertThat(store.plainAppends.get()).as("plain again once nobody else appended for that long").isEqualTo(2);
        }
        assertThat(new ChainVerifier().verify(memory, CHAIN).valid()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
