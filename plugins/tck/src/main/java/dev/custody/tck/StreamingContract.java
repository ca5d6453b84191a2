package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordQuery;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves that streams are usable on whole chains and under writes: 20,000 records stream in seq order
 * (records, JSON and verification alike); streams closed early release what they hold (300 in a row
 * must not exhaust files or connections); an unknown chain reads as empty everywhere; and a stream
 * open while records are appended, on the same thread or on others, returns only whole, known
 * records, contiguous from its first seq, and ends.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class StreamingContract extends StoreContract {

    /** Records in the large chain. */
    protected static final int LARGE = 20_000;

    @Test
    public void stream_readsALargeChainInOrder() {
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, LARGE, 500);

        long seen = 0;
        String prev = ChainTip.GENESIS_HASH;
        try (Stream<AuditRecord> s = store.stream(chain)) {
            for (Iterator<AuditRecord> it = s.iterator(); it.hasNext(); ) {
                AuditRecord r = it.next();
                assertThat(r.seq()).isEqualTo(seen + 1);
                assertThat(r.prevHash()).isEqualTo(prev);
                assertThat(r.json()).isEqualTo(all.get((int) seen).json());
                prev = r.recordHash();
                seen++;
            }
        }
        assertThat(seen).isEqualTo(LARGE);
        try (Stream<String> json = store.streamJson(chain, 1, Long.MAX_VALUE)) {
            assertThat(json.count()).isEqualTo(LARGE);
        }
        Verification v = new ChainVerifier().verify(store, chain);
        assertThat(v.valid()).as("%s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(LARGE);
    }

    @Test
    public void stream_closedEarlyReleasesWhatItHolds() {
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 2_000, 500);

        for (int i = 0; i < 300; i++) {
            AtomicBoolean closed = new AtomicBoolean();
            try (Stream<AuditRecord> s = store.stream(chain).onClose(() -> closed.set(true))) {
                Iterator<AuditRecord> it = s.iterator();
                assertThat(it.next()).isEqualTo(all.get(0));
                assertThat(it.next()).isEqualTo(all.get(1));
            }
            assertThat(closed).isTrue();
            try (Stream<String> s = store.streamJson(chain, 1000, Long.MAX_VALUE)) {
                assertThat(s.findFirst()).contains(all.get(999).json());
            }
        }
        assertThat(store.tip(chain)).isEqualTo(ChainTip.of(all.get(all.size() - 1)));
        assertThat(readAll(chain)).hasSize(all.size());
    }

    @Test
    public void stream_ofUnknownChainIsEmpty() {
        ChainId unknown = newChain();
        appendAll(newChain(), 3);

        assertThat(readAll(unknown)).isEmpty();
        assertThat(store.readRange(unknown, 1, 10)).isEmpty();
        try (Stream<String> s = store.streamJson(unknown, 1, Long.MAX_VALUE)) {
            assertThat(s).isEmpty();
        }
        assertThat(store.query(RecordQuery.builder(unknown).build()).records()).isEmpty();
        assertThat(store.tip(unknown)).isEqualTo(ChainTip.GENESIS);
        assertThat(store.chains()).doesNotContain(unknown);
    }

    @Test
    public void stream_openDuringAnAppendEndsInOrderWithWholeRecords() throws Exception {
        ChainId chain = newChain();
        List<AuditRecord> first = appendAll(chain, 1_000, 250);
        Map<Long, AuditRecord> known = new ConcurrentHashMap<>();
        first.forEach(r -> known.put(r.seq(), r));

        long seen = 0;
        try (Stream<AuditRecord> s = store.stream(chain)) {
            Iterator<AuditRecord> it = s.iterator();
            for (int i = 0; i < 100; i++) {
                seen = checkNext(it, seen, known);
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                ChainTip tip = store.tip(chain);
                for (int b = 0; b < 5; b++) {
                    List<AuditRecord> batch = records(chain, tip, 100);
                    batch.forEach(r -> known.put(r.seq(), r));
                    tip = appended(chain, tip, batch);
                }
            });
            try {
                writer.get(1, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                fail("appending 500 records took over a minute while a stream was open: do open streams block writers?");
            }
            while (it.hasNext()) {
                seen = checkNext(it, seen, known);
            }
        }
        assertThat(seen).as("a stream returns at least what was there when it started").isBetween(1_000L, 1_500L);
        assertThat(readAll(chain)).hasSize(1_500);
    }

    @Test
    public void stream_concurrentWithAWriterSeesAContiguousPrefix() {
        ChainId chain = newChain();
        Map<Long, AuditRecord> known = new ConcurrentHashMap<>();
        appendAll(chain, 100).forEach(r -> known.put(r.seq(), r));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();

        runConcurrently(4, Duration.ofMinutes(2), thread -> {
            if (thread == 0) {
                try {
                    ChainTip tip = store.tip(chain);
                    for (int b = 0; b < 40; b++) {
                        List<AuditRecord> batch = records(chain, tip, 25);
                        batch.forEach(r -> known.put(r.seq(), r));
                        tip = appended(chain, tip, batch);
                    }
                } finally {
                    writing.set(false);
                }
                return;
            }
            do {
                long atLeast = store.tip(chain).seq();
                long seen = 0;
                try (Stream<AuditRecord> s = store.stream(chain)) {
                    for (Iterator<AuditRecord> it = s.iterator(); it.hasNext(); ) {
                        seen = checkNext(it, seen, known);
                    }
                }
                assertThat(seen).as("records streamed after the tip was %s", atLeast).isGreaterThanOrEqualTo(atLeast);
                reads.incrementAndGet();
            } while (writing.get());
        });

        assertThat(reads.get()).isGreaterThanOrEqualTo(3);
        assertThat(store.tip(chain).seq()).isEqualTo(1_100);
    }

    /** Reads the next record, which must be seq {@code seen + 1} and equal the one appended. */
    private static long checkNext(Iterator<AuditRecord> it, long seen, Map<Long, AuditRecord> known) {
        AuditRecord r = it.next();
        assertThat(r.seq()).as("records come contiguously in seq order").isEqualTo(seen + 1);
        assertThat(r).as("seq %s is a whole record that was appended", r.seq()).isEqualTo(known.get(r.seq()));
        return seen + 1;
    }
}
