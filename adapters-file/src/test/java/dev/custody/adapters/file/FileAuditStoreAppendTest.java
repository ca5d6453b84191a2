package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditStoreAppendTest {

    @TempDir
    Path dir;

    FileAuditStore store;
    TestChain chain = TestChain.of("billing", "acme");

    @BeforeEach
    void open() {
        store = FileAuditStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void append_makesTheBatchTheTipAndStoresExactLines() throws IOException {
        List<AuditRecord> batch = chain.next(3);

        AppendResult result = store.append(chain.chain, ChainTip.GENESIS, batch);

        assertThat(result).isEqualTo(new AppendResult.Appended(ChainTip.of(batch.get(2))));
        assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(batch.get(2)));
        assertThat(store.readRange(chain.chain, 1, 3)).containsExactlyElementsOf(batch);
        Path file = dir.resolve("billing/acme/2026-11-23.jsonl");
        String expected = batch.stream().map(r -> r.json() + "\n").collect(Collectors.joining());
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(store.chains()).containsExactly(chain.chain);
    }

    @Test
    void reopen_recoversTheTipAndAppendingContinues() {
        store.append(chain.chain, ChainTip.GENESIS, chain.next(2));
        ChainTip tip = chain.tip();
        store.append(chain.chain, tip, chain.next(3));
        ChainTip last = chain.tip();
        store.close();

        store = FileAuditStore.open(dir);

        assertThat(store.tip(chain.chain)).isEqualTo(last);
        assertThat(store.repairedTails()).isZero();
        List<AuditRecord> more = chain.next(2);
        assertThat(store.append(chain.chain, last, more)).isInstanceOf(AppendResult.Appended.class);
        try (Stream<AuditRecord> s = store.stream(chain.chain)) {
            assertThat(s.map(AuditRecord::seq)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        }
    }

    @Test
    void append_returnsConflictAndWritesNothingWhenTheTipMoved() throws IOException {
        store.append(chain.chain, ChainTip.GENESIS, chain.next(2));
        ChainTip actual = chain.tip();
        Path file = dir.resolve("billing/acme/2026-11-23.jsonl");
        byte[] before = Files.readAllBytes(file);

        TestChain stale = TestChain.of("billing", "acme");
        AppendResult fromGenesis = store.append(chain.chain, ChainTip.GENESIS, stale.next(1));
        ChainTip otherTwo = new ChainTip(2, TestChain.sha256("other"), actual.recordedAt());
        AppendResult sameSeqOtherHash = store.append(chain.chain, otherTwo,
                TestChain.after(chain.chain, otherTwo).next(1));

        assertThat(fromGenesis).isEqualTo(new AppendResult.Conflict(actual));
        assertThat(sameSeqOtherHash).isEqualTo(new AppendResult.Conflict(actual));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(store.tip(chain.chain)).isEqualTo(actual);
    }

    @Test
    void append_rejectsEveryInvalidBatchAndWritesNothing() throws IOException {
        store.append(chain.chain, ChainTip.GENESIS, chain.next(2));
        ChainTip tip = chain.tip();
        Path file = dir.resolve("billing/acme/2026-11-23.jsonl");
        byte[] before = Files.readAllBytes(file);
        TestChain other = TestChain.of("billing", "other");
        AuditRecord r3 = TestChain.after(chain.chain, tip).next();
        AuditRecord r4 = TestChain.after(chain.chain, tip).next(2).get(1);
        AuditRecord otherChainR4 = TestChain.after(other.chain, ChainTip.of(r3)).next();

        List<List<AuditRecord>> invalid = List.of(
                List.of(),
                other.next(1),
                List.of(r4),
                List.of(chainFrom(2, "not-the-tip-hash")),
                List.of(r3, r3),
                List.of(r3, chainFrom(3, "not-r3-hash")),
                List.of(r3, otherChainR4),
                java.util.Arrays.asList(r3, null));

        for (List<AuditRecord> batch : invalid) {
            assertThatThrownBy(() -> store.append(chain.chain, tip, batch))
                    .as("batch %s", batch).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.append(chain.chain, tip, null)).isInstanceOf(NullPointerException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(store.tip(chain.chain)).isEqualTo(tip);
        assertThat(store.tip(other.chain)).isEqualTo(ChainTip.GENESIS);
        assertThat(store.chains()).containsExactly(chain.chain);
    }

    @Test
    void append_rejectsARecordOnAnEarlierDayThanTheChainsNewest() throws IOException {
        store.append(chain.chain, ChainTip.GENESIS, List.of(chain.next(), chain.nextAfter(Duration.ofDays(1))));
        ChainTip tip = chain.tip();
        AuditRecord back = chain.nextAt(TestChain.T0.plusSeconds(5));
        TestChain inBatch = TestChain.of("billing", "b");
        List<AuditRecord> backInBatch = List.of(inBatch.nextAfter(Duration.ofDays(1)), inBatch.nextAt(TestChain.T0));

        assertThatThrownBy(() -> store.append(chain.chain, tip, List.of(back)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not go back a UTC day");
        assertThatThrownBy(() -> store.append(inBatch.chain, ChainTip.GENESIS, backInBatch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not go back a UTC day");
        assertThat(store.tip(chain.chain)).isEqualTo(tip);
        assertThat(Files.exists(dir.resolve("billing/b"))).isFalse();
    }

    @Test
    void append_takesBackEveryFileOfABatchThatFailsAndKeepsTheTip() throws IOException {
        store.append(chain.chain, ChainTip.GENESIS, chain.next(2));
        ChainTip tip = chain.tip();
        Path today = dir.resolve("billing/acme/2026-11-23.jsonl");
        Path tomorrow = dir.resolve("billing/acme/2026-11-24.jsonl");
        byte[] before = Files.readAllBytes(today);
        Files.createDirectory(tomorrow); // the store cannot create its day file there
        TestChain attempt = TestChain.after(chain.chain, tip);
        List<AuditRecord> acrossMidnight = List.of(attempt.next(), attempt.nextAfter(Duration.ofDays(1)));

        assertThatThrownBy(() -> store.append(chain.chain, tip, acrossMidnight))
                .isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("append to chain billing/acme").hasMessageContaining(tomorrow.toString());

        assertThat(Files.readAllBytes(today)).isEqualTo(before);
        assertThat(store.tip(chain.chain)).isEqualTo(tip);
        assertThat(store.readRange(chain.chain, 1, 10)).hasSize(2);
        Files.delete(tomorrow);
        assertThat(store.append(chain.chain, tip, acrossMidnight)).isInstanceOf(AppendResult.Appended.class);
        assertThat(store.readRange(chain.chain, 1, 10)).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(Files.readAllLines(tomorrow)).hasSize(1);
    }

    @Test
    void declaresItsCapabilities_purgeIncluded() {
        assertThat(store.capabilities()).containsExactlyInAnyOrder(StoreCapability.CONDITIONAL_APPEND,
                StoreCapability.DURABLE, StoreCapability.PURGE_BEFORE_SEQ);
        assertThat(store.purgeBefore(chain.chain, 1)).as("an unknown chain has nothing to purge").isZero();
    }

    @Test
    void unknownChain_hasTheGenesisTipAndNoRecords() {
        ChainId unknown = ChainId.of("nobody", "here");

        assertThat(store.tip(unknown)).isEqualTo(ChainTip.GENESIS);
        assertThat(store.readRange(unknown, 1, 10)).isEmpty();
        assertThat(store.chains()).isEmpty();
    }

    @Test
    void concurrentWriters_onOneChainLeaveNoGapsOrDuplicates() throws Exception {
        int writers = 8;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    appendOneWithRetry(chain.chain);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(store.tip(chain.chain).seq()).isEqualTo(writers * perWriter);
        try (Stream<AuditRecord> s = store.stream(chain.chain)) {
            List<AuditRecord> all = s.toList();
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
                assertThat(all.get(i).prevHash()).isEqualTo(i == 0 ? "genesis" : all.get(i - 1).recordHash());
            }
        }
    }

    @Test
    void concurrentWriters_onDifferentChainsAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ChainTip>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            TestChain t = TestChain.of("ns", "tenant-" + c);
            done.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    ChainTip before = t.tip();
                    assertThat(store.append(t.chain, before, t.next(5))).isInstanceOf(AppendResult.Appended.class);
                }
                return t.tip();
            }));
        }
        for (Future<ChainTip> f : done) {
            assertThat(f.get(60, TimeUnit.SECONDS).seq()).isEqualTo(100);
        }
        pool.shutdown();
        assertThat(store.chains()).hasSize(4);
    }

    @Test
    void closedStore_refusesWorkAndClosesIdempotently() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.tip(chain.chain)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.append(chain.chain, ChainTip.GENESIS, chain.next(1)))
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("closed");
    }

    /** Appends one record built on the tip the store shows, retrying on conflict (the domain's job). */
    private void appendOneWithRetry(ChainId id) {
        while (true) {
            ChainTip tip = store.tip(id);
            AuditRecord r = TestChain.after(id, tip).next();
            if (store.append(id, tip, List.of(r)) instanceof AppendResult.Appended) {
                return;
            }
        }
    }

    /** A record continuing seq {@code seq} whose hash was {@code hash}. */
    private AuditRecord chainFrom(long seq, String hash) {
        return TestChain.after(chain.chain, new ChainTip(seq, hash, TestChain.T0)).next();
    }
}
