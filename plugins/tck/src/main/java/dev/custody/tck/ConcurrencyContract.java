package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.Ref;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves that the store keeps chains whole under the load Custody puts on it: 16 threads each append
 * {@link #appendsPerThread()} events (5,000 by default) through one {@link ChainAppender} (group
 * commit, conditional batches), first all to one chain, then round-robin over 8 chains. Every chain
 * must hold seqs 1..n without gap or duplicate, verify with {@link ChainVerifier}, and hold exactly
 * the records the appender answered. Each run is bounded by {@link #timeout()}, so a deadlock fails
 * the test instead of hanging the build.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows; a store
 * that is slow by nature (a remote service) may lower {@link #appendsPerThread()}, and says so.
 */
public abstract class ConcurrencyContract extends StoreContract {

    /** Appending threads. */
    protected static final int THREADS = 16;

    /** Appends per thread; 5,000 unless overridden. */
    protected int appendsPerThread() {
        return 5_000;
    }

    /** The longest a run may take; 5 minutes unless overridden. */
    protected Duration timeout() {
        return Duration.ofMinutes(5);
    }

    @Test
    public void appender_manyThreadsToOneChainKeepItContiguous() {
        ChainId chain = newChain();
        Map<ChainId, Map<Long, String>> answered = appendConcurrently(List.of(chain));

        assertChainWhole(chain, (long) THREADS * appendsPerThread(), answered.get(chain));
    }

    @Test
    public void appender_manyThreadsOverEightChainsKeepEachContiguous() {
        List<ChainId> chains = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chains.add(newChain());
        }
        Map<ChainId, Map<Long, String>> answered = appendConcurrently(chains);

        long total = 0;
        for (ChainId chain : chains) {
            long n = answered.get(chain).size();
            assertChainWhole(chain, n, answered.get(chain));
            total += n;
        }
        assertThat(total).isEqualTo((long) THREADS * appendsPerThread());
        assertThat(store.chains()).containsAll(chains);
    }

    @Test
    public void appendSerialized_manyThreadsOnOneChain_neverConflict_andRaceWithPlainAppends() {
        ChainId chain = newChain();
        if (!supportedOrDeclaredAbsent(StoreCapability.SERIALIZED_APPEND)) {
            assertThatThrownBy(() -> store.appendSerialized(chain, tip -> records(chain, tip, 1)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(store.tip(chain).isGenesis()).as("nothing written").isTrue();
            return;
        }
        assertThat(store.appendSerialized(chain, tip -> List.of())).as("nothing to append: nothing appended").isEmpty();
        assertThat(store.tip(chain).isGenesis()).isTrue();
        int perThread = Math.max(1, appendsPerThread() / 50);
        Map<Long, String> answered = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicLong plainConflicts = new java.util.concurrent.atomic.AtomicLong();
        runConcurrently(THREADS, timeout(), t -> {
            for (int i = 0; i < perThread; i++) {
                List<AuditRecord> stored;
                if (t % 4 == 0) {   // a plain conditional append racing the serialised ones: it may lose, never corrupt
                    ChainTip tip = store.tip(chain);
                    List<AuditRecord> batch = records(chain, tip, 2);
                    if (!(store.append(chain, tip, batch) instanceof dev.custody.ports.AppendResult.Appended)) {
                        plainConflicts.incrementAndGet();
                        continue;
                    }
                    stored = batch;
                } else {
                    stored = store.appendSerialized(chain, tip -> records(chain, tip, 2));
                }
                assertThat(stored).hasSize(2);
                for (AuditRecord r : stored) {
                    assertThat(answered.putIfAbsent(r.seq(), r.id())).as("seq %s answered twice", r.seq()).isNull();
                }
            }
        });
        long serialised = (long) (THREADS - (THREADS + 3) / 4) * perThread * 2;
        assertThat(answered.size()).as("every serialised append stored, none lost to a conflict")
                .isGreaterThanOrEqualTo((int) serialised);
        assertChainWhole(chain, answered.size(), answered);
    }

    /** Appends from {@link #THREADS} threads; thread t's i-th event goes to chain (t + i) mod size. */
    private Map<ChainId, Map<Long, String>> appendConcurrently(List<ChainId> chains) {
        Map<ChainId, Map<Long, String>> answered = new ConcurrentHashMap<>();
        chains.forEach(c -> answered.put(c, new ConcurrentHashMap<>()));
        int perThread = appendsPerThread();
        ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
        try {
            runConcurrently(THREADS, timeout(), t -> {
                for (int i = 0; i < perThread; i++) {
                    ChainId chain = chains.get((t + i) % chains.size());
                    AuditRecord r = appender.append(smallEvent(chain, t, i));
                    String previous = answered.get(chain).putIfAbsent(r.seq(), r.id());
                    assertThat(previous).as("seq %s of %s was answered twice", r.seq(), chain).isNull();
                }
            });
        } finally {
            appender.close();
        }
        return answered;
    }

    private static AuditEvent smallEvent(ChainId chain, int thread, int i) {
        return AuditEvent.builder(chain)
                .kind("llm_call")
                .action("completion")
                .actor(new Ref("service", "worker-" + thread))
                .resource("model", "m-" + (i % 10))
                .outcome("ok")
                .payload(Map.of("i", i, "thread", thread, "note", "concurrent append \"é\" #" + i))
                .build();
    }

    private void assertChainWhole(ChainId chain, long n, Map<Long, String> answered) {
        assertThat(answered).as("records answered for %s", chain).hasSize((int) n);
        assertThat(store.tip(chain).seq()).as("tip of %s", chain).isEqualTo(n);
        long expected = 1;
        try (Stream<AuditRecord> s = store.stream(chain)) {
            for (Iterator<AuditRecord> it = s.iterator(); it.hasNext(); expected++) {
                AuditRecord r = it.next();
                assertThat(r.seq()).as("%s: no gap or duplicate", chain).isEqualTo(expected);
                assertThat(r.id()).as("%s seq %s is the record the appender answered", chain, r.seq())
                        .isEqualTo(answered.get(r.seq()));
            }
        }
        assertThat(expected - 1).as("records stored in %s", chain).isEqualTo(n);
        Verification v = new ChainVerifier().verify(store, chain);
        assertThat(v.valid()).as("%s verifies: %s", chain, v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(n);
    }
}
