package dev.custody.tck.hot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import dev.custody.ports.hot.WindowCounts;
import dev.custody.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a hot tier ({@link HotTier}): recent records read back exactly as stored (time window, cursor,
 * limit), idempotent feeding that counts once, coverage that restarts after a gap and moves forward as old
 * records are trimmed, sliding-window counts, idempotency keys (claim, complete, replay, release), and an
 * ingest buffer that hands out unacknowledged entries again, in order, until they are acknowledged.
 *
 * <p>Subclass it and implement {@link #openHotTier}; every test works on a chain and keys of its own, so a
 * shared server needs no cleanup between tests. The clock is the test's: the tier must take time from it.
 */
public abstract class HotTierContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The test's clock, standing still until a test moves it. */
    protected final MutableClock clock = new MutableClock(Instant.now());

    /** The hot tier under test, open during each test. */
    protected HotTier hot;

    private ChainId chainId;
    private String key;

    /** Opens the hot tier under test, reading time from {@code clock} and keeping records about {@code retention}. */
    protected abstract HotTier openHotTier(Clock clock, Duration retention);

    @BeforeEach
    void openHotTierUnderTest() {
        String id = HexFormat.of().toHexDigits(RANDOM.nextInt());
        chainId = ChainId.of("tck", "t-" + id);
        key = "tck-key-" + id + "-";
        hot = openHotTier(clock, Duration.ofHours(1));
    }

    @AfterEach
    void closeHotTierUnderTest() {
        if (hot != null) {
            hot.close();
        }
    }

    @Test
    public void recordStored_readsBackTheSameRecordsWithTheirStoredLines() {
        HotRecords chain = new HotRecords(chainId, clock);
        List<AuditRecord> records = chain.next(5, "read");
        hot.recordStored(chainId, records).toCompletableFuture().join();

        assertThat(hot.recent(chainId, null, null, 0, 100)).isEqualTo(records);
        HotCoverage c = hot.coverage(chainId);
        assertThat(c.lastSeq()).isEqualTo(5);
        assertThat(c.from()).as("complete from the retention horizon").isBeforeOrEqualTo(clock.instant().minus(Duration.ofHours(1)));
        assertThat(c.covers(records.get(0).recordedAt(), 5)).isTrue();
        assertThat(hot.status().degraded()).isFalse();
    }

    @Test
    public void recent_honoursTheTimeWindowTheCursorAndTheLimit() {
        HotRecords chain = new HotRecords(chainId, clock);
        List<AuditRecord> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<AuditRecord> batch = chain.next(3, "a" + i);
            hot.recordStored(chainId, batch).toCompletableFuture().join();
            all.addAll(batch);
            clock.advance(Duration.ofMillis(1500));
        }
        Instant from = all.get(6).recordedAt();
        Instant to = all.get(12).recordedAt();
        assertThat(hot.recent(chainId, from, to, 0, 100)).isEqualTo(all.subList(6, 12));
        assertThat(hot.recent(chainId, from, to, 8, 100)).isEqualTo(all.subList(8, 12));
        assertThat(hot.recent(chainId, from, null, 0, 4)).isEqualTo(all.subList(6, 10));
        assertThat(hot.recent(chainId, to, from.plusSeconds(1), 0, 4)).isEmpty();
    }

    @Test
    public void recordStored_isIdempotentAndCountsOnce() {
        HotRecords chain = new HotRecords(chainId, clock);
        List<AuditRecord> records = chain.next(4, "approve");
        hot.recordStored(chainId, records).toCompletableFuture().join();
        hot.recordStored(chainId, records).toCompletableFuture().join();
        hot.recordStored(chainId, records.subList(2, 4)).toCompletableFuture().join();

        assertThat(hot.recent(chainId, null, null, 0, 100)).isEqualTo(records);
        WindowCounts byAction = hot.counts(chainId, CountDimension.ACTION, 300);
        assertThat(byAction.counts()).isEqualTo(Map.of("approve", 4L));
        assertThat(hot.counts(chainId, CountDimension.OUTCOME, 300).counts()).isEqualTo(Map.of("ok", 2L, "denied", 2L));
        assertThat(hot.counts(chainId, CountDimension.ACTOR, 300).counts()).isEqualTo(Map.of("u0", 1L, "u1", 2L, "u2", 1L));
        assertThat(byAction.to()).isAfter(clock.instant());
        assertThat(byAction.from()).isBeforeOrEqualTo(clock.instant().minusSeconds(300));
    }

    @Test
    public void aGap_restartsCoverageAfterTheGap() {
        HotRecords chain = new HotRecords(chainId, clock);
        hot.recordStored(chainId, chain.next(3, "x")).toCompletableFuture().join();
        chain.next(2, "lost");                      // stored in the system of record, never fed to the hot tier
        clock.advance(Duration.ofMillis(5));
        List<AuditRecord> after = chain.next(2, "y");
        hot.recordStored(chainId, after).toCompletableFuture().join();

        HotCoverage c = hot.coverage(chainId);
        assertThat(c.lastSeq()).isEqualTo(7);
        assertThat(c.from()).isAfter(after.get(0).recordedAt());
        assertThat(c.covers(after.get(0).recordedAt(), 7)).isFalse();
        assertThat(c.covers(c.from(), 7)).isTrue();
        assertThat(c.covers(c.from(), 8)).as("a tip beyond what the hot tier holds is not covered").isFalse();
        assertThat(hot.recent(chainId, null, null, 0, 100)).isEqualTo(after);
    }

    @Test
    public void recordsOlderThanTheRetention_areTrimmedAndCoverageMovesForward() {
        hot.close();
        hot = openHotTier(clock, Duration.ofMinutes(2));
        HotRecords chain = new HotRecords(chainId, clock);
        List<AuditRecord> old = new ArrayList<>();
        for (int i = 0; i < 300; i++) {   // enough that a tier trimming approximately (Redis: whole stream nodes) still drops some
            old.addAll(chain.next(1, "old"));
        }
        hot.recordStored(chainId, old).toCompletableFuture().join();
        clock.advance(Duration.ofMinutes(3));
        List<AuditRecord> fresh = chain.next(2, "fresh");
        hot.recordStored(chainId, fresh).toCompletableFuture().join();

        HotCoverage c = hot.coverage(chainId);
        assertThat(c.from()).isAfter(old.get(old.size() - 1).recordedAt());
        assertThat(c.covers(fresh.get(0).recordedAt(), 302)).isTrue();
        assertThat(hot.recent(chainId, c.from(), null, 0, 1000)).isEqualTo(fresh);
        assertThat(hot.recent(chainId, null, null, 0, 1000)).as("older records were trimmed, at least in part").hasSizeLessThan(302);
        assertThatThrownBy(() -> hot.counts(chainId, CountDimension.ACTION, 180)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void idempotencyKeys_claimCompleteReplayRelease() {
        assertThat(hot.claimKey(key + "1", "f1")).isEmpty();
        assertThat(hot.claimKey(key + "1", "f1")).get().satisfies(e -> assertThat(e.completed()).isEmpty());
        hot.completeKey(key + "1", "f1", "answer".getBytes(StandardCharsets.UTF_8));
        assertThat(hot.claimKey(key + "1", "f1").orElseThrow().completed()).get()
                .isEqualTo("answer".getBytes(StandardCharsets.UTF_8));
        assertThat(hot.claimKey(key + "1", "other").orElseThrow().fingerprint()).isEqualTo("f1");

        assertThat(hot.claimKey(key + "2", "f2")).isEmpty();
        hot.releaseKey(key + "2", "other");
        assertThat(hot.idempotencyKey(key + "2")).isPresent();
        hot.releaseKey(key + "2", "f2");
        assertThat(hot.idempotencyKey(key + "2")).isEmpty();
    }

    @Test
    public void ingestBuffer_redeliversWhatWasNeverAcknowledged_inOrder() {
        hot.enqueue(chainId, List.of(IngestEntry.of("id-1", "{\"a\":1}"), IngestEntry.of("id-2", "{\"a\":2}")));
        hot.enqueue(chainId, List.of(IngestEntry.of("id-3", "{\"a\":3}")));
        assertThat(hot.ingestChains()).containsExactly(chainId);
        assertThat(hot.tryLease(chainId, "replica-a", 10_000)).isTrue();
        assertThat(hot.tryLease(chainId, "replica-b", 10_000)).as("one promoter per chain").isFalse();

        List<IngestEntry> first = hot.pendingIngest(chainId, 2);
        assertThat(first).extracting(IngestEntry::recordId).containsExactly("id-1", "id-2");
        assertThat(first).noneMatch(IngestEntry::redelivered);
        // the promoter "crashes" here: nothing acknowledged; the next read hands the same entries out again
        List<IngestEntry> again = hot.pendingIngest(chainId, 10);
        assertThat(again).extracting(IngestEntry::recordId).containsExactly("id-1", "id-2");
        assertThat(again.get(0).eventJson()).isEqualTo("{\"a\":1}");
        assertThat(again).allMatch(IngestEntry::redelivered);
        assertThat(again.get(0).enqueuedAtMillis()).isPositive();

        hot.acknowledge(chainId, again.stream().map(IngestEntry::entryId).toList());
        List<IngestEntry> rest = hot.pendingIngest(chainId, 10);
        assertThat(rest).extracting(IngestEntry::recordId).containsExactly("id-3");
        hot.acknowledge(chainId, List.of(rest.get(0).entryId()));
        assertThat(hot.pendingIngest(chainId, 10)).isEmpty();
        assertThat(hot.ingestChains()).isEmpty();
    }
}
