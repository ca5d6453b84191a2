package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import dev.custody.ports.hot.WindowCounts;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code redis} hot tier against the real Redis on 127.0.0.1:6379, under a key prefix of its own. */
class RedisHotTierTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    private final TestClock clock = new TestClock(Instant.now());
    private TestRedis redis;
    private HotTier hot;

    @BeforeEach
    void open() {
        redis = new TestRedis();
        hot = redis.open(clock, Map.of());
    }

    @AfterEach
    void close() {
        hot.close();
        redis.close();
    }

    @Test
    void recordStored_readsBackTheSameRecordsWithTheirStoredLines() {
        Records chain = new Records(CHAIN, clock);
        List<AuditRecord> records = chain.next(5, "read");
        hot.recordStored(CHAIN, records).toCompletableFuture().join();

        assertThat(hot.recent(CHAIN, null, null, 0, 100)).isEqualTo(records);
        HotCoverage c = hot.coverage(CHAIN);
        assertThat(c.lastSeq()).isEqualTo(5);
        assertThat(c.from()).as("complete from the retention horizon").isBeforeOrEqualTo(clock.instant().minus(Duration.ofHours(1)));
        assertThat(c.covers(records.get(0).recordedAt(), 5)).isTrue();
        assertThat(hot.status().degraded()).isFalse();
    }

    @Test
    void recent_honoursTheTimeWindowTheCursorAndTheLimit() {
        Records chain = new Records(CHAIN, clock);
        List<AuditRecord> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<AuditRecord> batch = chain.next(3, "a" + i);
            hot.recordStored(CHAIN, batch).toCompletableFuture().join();
            all.addAll(batch);
            clock.advance(Duration.ofMillis(1500));
        }
        Instant from = all.get(6).recordedAt();
        Instant to = all.get(12).recordedAt();
        assertThat(hot.recent(CHAIN, from, to, 0, 100)).isEqualTo(all.subList(6, 12));
        assertThat(hot.recent(CHAIN, from, to, 8, 100)).isEqualTo(all.subList(8, 12));
        assertThat(hot.recent(CHAIN, from, null, 0, 4)).isEqualTo(all.subList(6, 10));
        assertThat(hot.recent(CHAIN, to, from.plusSeconds(1), 0, 4)).isEmpty();
    }

    @Test
    void recordStored_isIdempotentAndCountsOnce() {
        Records chain = new Records(CHAIN, clock);
        List<AuditRecord> records = chain.next(4, "approve");
        hot.recordStored(CHAIN, records).toCompletableFuture().join();
        hot.recordStored(CHAIN, records).toCompletableFuture().join();
        hot.recordStored(CHAIN, records.subList(2, 4)).toCompletableFuture().join();

        assertThat(hot.recent(CHAIN, null, null, 0, 100)).isEqualTo(records);
        WindowCounts byAction = hot.counts(CHAIN, CountDimension.ACTION, 300);
        assertThat(byAction.counts()).isEqualTo(Map.of("approve", 4L));
        assertThat(hot.counts(CHAIN, CountDimension.OUTCOME, 300).counts()).isEqualTo(Map.of("ok", 2L, "denied", 2L));
        assertThat(hot.counts(CHAIN, CountDimension.ACTOR, 300).counts()).isEqualTo(Map.of("u0", 1L, "u1", 2L, "u2", 1L));
        assertThat(byAction.to()).isAfter(clock.instant());
        assertThat(byAction.from()).isBeforeOrEqualTo(clock.instant().minusSeconds(300));
    }

    @Test
    void aGap_restartsCoverageAfterTheGap() {
        Records chain = new Records(CHAIN, clock);
        hot.recordStored(CHAIN, chain.next(3, "x")).toCompletableFuture().join();
        chain.next(2, "lost");                      // stored in the system of record, never fed to the hot tier
        clock.advance(Duration.ofMillis(5));
        List<AuditRecord> after = chain.next(2, "y");
        hot.recordStored(CHAIN, after).toCompletableFuture().join();

        HotCoverage c = hot.coverage(CHAIN);
        assertThat(c.lastSeq()).isEqualTo(7);
        assertThat(c.from()).isAfter(after.get(0).recordedAt());
        assertThat(c.covers(after.get(0).recordedAt(), 7)).isFalse();
        assertThat(c.covers(c.from(), 7)).isTrue();
        assertThat(c.covers(c.from(), 8)).as("a tip beyond what the hot tier holds is not covered").isFalse();
        assertThat(hot.recent(CHAIN, null, null, 0, 100)).isEqualTo(after);
    }

    @Test
    void recordsOlderThanTheRetention_areTrimmedAndCoverageMovesForward() {
        hot.close();
        hot = redis.open(clock, Map.of("retention", "2m"));
        Records chain = new Records(CHAIN, clock);
        List<AuditRecord> old = new ArrayList<>();
        for (int i = 0; i < 300; i++) {   // enough entries to fill whole stream nodes, which ~ trimming removes
            old.addAll(chain.next(1, "old"));
        }
        hot.recordStored(CHAIN, old).toCompletableFuture().join();
        clock.advance(Duration.ofMinutes(3));
        List<AuditRecord> fresh = chain.next(2, "fresh");
        hot.recordStored(CHAIN, fresh).toCompletableFuture().join();

        HotCoverage c = hot.coverage(CHAIN);
        assertThat(c.from()).isAfter(old.get(old.size() - 1).recordedAt());
        assertThat(c.covers(fresh.get(0).recordedAt(), 302)).isTrue();
        assertThat(hot.recent(CHAIN, c.from(), null, 0, 1000)).isEqualTo(fresh);
        assertThat(hot.recent(CHAIN, null, null, 0, 1000)).as("~ trimming removed whole nodes").hasSizeLessThan(302);
        assertThatThrownBy(() -> hot.counts(CHAIN, CountDimension.ACTION, 180)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idempotencyKeys_claimCompleteReplayRelease() {
        assertThat(hot.claimKey("k1", "f1")).isEmpty();
        assertThat(hot.claimKey("k1", "f1")).get().satisfies(e -> assertThat(e.completed()).isEmpty());
        hot.completeKey("k1", "f1", "answer".getBytes(StandardCharsets.UTF_8));
        assertThat(hot.claimKey("k1", "f1").orElseThrow().completed()).get()
                .isEqualTo("answer".getBytes(StandardCharsets.UTF_8));
        assertThat(hot.claimKey("k1", "other").orElseThrow().fingerprint()).isEqualTo("f1");

        assertThat(hot.claimKey("k2", "f2")).isEmpty();
        hot.releaseKey("k2", "other");
        assertThat(hot.idempotencyKey("k2")).isPresent();
        hot.releaseKey("k2", "f2");
        assertThat(hot.idempotencyKey("k2")).isEmpty();
    }

    @Test
    void ingestBuffer_redeliversWhatWasNeverAcknowledged_inOrder() {
        hot.enqueue(CHAIN, List.of(IngestEntry.of("id-1", "{\"a\":1}"), IngestEntry.of("id-2", "{\"a\":2}")));
        hot.enqueue(CHAIN, List.of(IngestEntry.of("id-3", "{\"a\":3}")));
        assertThat(hot.ingestChains()).containsExactly(CHAIN);
        assertThat(hot.tryLease(CHAIN, "replica-a", 10_000)).isTrue();
        assertThat(hot.tryLease(CHAIN, "replica-b", 10_000)).as("one promoter per chain").isFalse();

        List<IngestEntry> first = hot.pendingIngest(CHAIN, 2);
        assertThat(first).extracting(IngestEntry::recordId).containsExactly("id-1", "id-2");
        assertThat(first).noneMatch(IngestEntry::redelivered);
        // the promoter "crashes" here: nothing acknowledged; the next read hands the same entries out again
        List<IngestEntry> again = hot.pendingIngest(CHAIN, 10);
        assertThat(again).extracting(IngestEntry::recordId).containsExactly("id-1", "id-2");
        assertThat(again.get(0).eventJson()).isEqualTo("{\"a\":1}");
        assertThat(again).allMatch(IngestEntry::redelivered);
        assertThat(again.get(0).enqueuedAtMillis()).isPositive();

        hot.acknowledge(CHAIN, again.stream().map(IngestEntry::entryId).toList());
        List<IngestEntry> rest = hot.pendingIngest(CHAIN, 10);
        assertThat(rest).extracting(IngestEntry::recordId).containsExactly("id-3");
        hot.acknowledge(CHAIN, List.of(rest.get(0).entryId()));
        assertThat(hot.pendingIngest(CHAIN, 10)).isEmpty();
        assertThat(hot.ingestChains()).isEmpty();
    }

    @Test
    void redisUnreachableAtStart_startsDegradedAndServesFromTheFallback() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();       // closed again: nothing listens there
        }
        try (HotTier down = new RedisHotTierProvider().create(ProviderConfig.of("custody.storage.hot.",
                Map.of("uri", "redis://127.0.0.1:" + port, "key-prefix", redis.prefix, "command-timeout", "200ms")),
                new ProviderContext(Path.of("."), clock))) {
            assertThat(down.status().degraded()).isTrue();
            assertThat(down.status().reason()).isNotBlank();
            Records chain = new Records(CHAIN, clock);
            List<AuditRecord> records = chain.next(3, "x");
            down.recordStored(CHAIN, records).toCompletableFuture().join();
            assertThat(down.recent(CHAIN, null, null, 0, 10)).isEqualTo(records);
            assertThat(down.coverage(CHAIN)).isEqualTo(new HotCoverage(Instant.EPOCH, 3));
            assertThat(down.counts(CHAIN, CountDimension.ACTION, 60).counts()).isEqualTo(Map.of("x", 3L));
            assertThat(down.claimKey("k", "f")).isEmpty();
            assertThat(down.claimKey("k", "g")).isPresent();
            assertThatThrownBy(() -> down.enqueue(CHAIN, List.of(IngestEntry.of("id", "{}"))))
                    .isInstanceOf(dev.custody.ports.hot.HotTierUnavailableException.class);
        }
    }

    @Test
    void badConfiguration_namesTheKey() {
        assertThatThrownBy(() -> redis.open(clock, Map.of("retention", "10s")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.retention=PT10S");
        assertThatThrownBy(() -> redis.open(clock, Map.of("key-prefix", "bad prefix")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.key-prefix");
        assertThatThrownBy(() -> redis.open(clock, Map.of("retension", "1h")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.retension");
    }

    @Test
    void close_leavesOnlyThisRunsKeysBehindForCleanup() {
        Records chain = new Records(CHAIN, clock);
        hot.recordStored(CHAIN, chain.next(2, "x")).toCompletableFuture().join();
        assertThat(redis.keyCount()).isPositive();
    }
}
