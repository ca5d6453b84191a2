package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.tck.MutableClock;
import dev.custody.tck.hot.HotRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read cache of the {@code redis} hot tier (ADR 0112) against the real Redis: a replica reads what another
 * replica writes incrementally and serves the rest from memory (the same record instances), and never serves what
 * the stream no longer holds: deleted (expired, Redis restarted empty), recreated after a gap or with other records,
 * trimmed. Its answers equal an uncached tier's for any window, and it stays within its byte bound.
 */
class RedisReadCacheTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    private TestRedis redis;
    private final List<HotTier> open = new ArrayList<>();
    private ChainId chain;
    private HotTier reader;
    private HotTier writer;
    private HotRecords records;

    @BeforeEach
    void replicas() {
        redis = new TestRedis();
        chain = ChainId.of("cache", "t-" + Long.toHexString(System.nanoTime()));
        reader = open(Map.of());
        writer = open(Map.of());
        records = new HotRecords(chain, clock);
    }

    @AfterEach
    void close() {
        open.forEach(HotTier::close);
        redis.close();
    }

    private HotTier open(Map<String, String> extra) {
        HotTier t = redis.open(clock, extra);
        open.add(t);
        return t;
    }

    private List<AuditRecord> write(int n) {
        return write(writer, records, n);
    }

    private List<AuditRecord> write(HotTier tier, HotRecords chainRecords, int n) {
        List<AuditRecord> batch = chainRecords.next(n, "act");
        tier.recordStored(batch.get(0).chain(), batch).toCompletableFuture().join();
        clock.advance(Duration.ofMillis(3));
        return batch;
    }

    private List<AuditRecord> all() {
        return reader.recent(chain, null, null, 0, 10_000);
    }

    private void deleteStream() {
        RedisKeys keys = new RedisKeys(redis.prefix);
        redis.connection.sync().del(keys.recent(chain), keys.recentMeta(chain));
    }

    @Test
    void anotherReplicasRecords_areFetchedIncrementally_andWhatIsHeldIsServedFromMemory() {
        List<AuditRecord> first = write(5);
        List<AuditRecord> read1 = all();
        assertThat(read1).isEqualTo(first);
        List<AuditRecord> more = write(3);

        List<AuditRecord> read2 = all();

        assertThat(read2).isEqualTo(concat(first, more));
        assertThat(read2.get(0)).as("held: the same instance, not read again").isSameAs(read1.get(0));
        assertThat(read2.get(4)).isSameAs(read1.get(4));
        Instant from = more.get(0).recordedAt();
        assertThat(reader.recent(chain, from, null, 0, 100)).isEqualTo(more);
        assertThat(reader.recent(chain, null, null, 6, 1)).isEqualTo(List.of(more.get(1)));
    }

    @Test
    void aStreamDeletedUnderTheCache_readsEmpty() {
        write(5);
        assertThat(all()).hasSize(5);
        deleteStream();      // expired, or Redis restarted empty

        assertThat(all()).isEmpty();
        assertThat(reader.recent(chain, clock.instant().minusSeconds(10), null, 0, 100)).isEmpty();
    }

    @Test
    void aStreamRecreatedRightAfterWhatIsHeld_servesOnlyWhatTheNewStreamHolds() {
        write(5);
        assertThat(all()).hasSize(5);
        deleteStream();
        List<AuditRecord> next = write(2);   // seq 6 and 7: they join what is held, but Redis no longer holds 1..5

        assertThat(all()).isEqualTo(next);
        assertThat(reader.coverage(chain)).isEqualTo(new HotCoverage(next.get(0).recordedAt().plusNanos(1000), 7));
    }

    @Test
    void aStreamRecreatedWithOlderRecordsThanHeld_servesOnlyThem() {
        List<AuditRecord> ten = write(10);
        assertThat(all()).isEqualTo(ten);
        deleteStream();
        // a feed delayed past a Redis restart: the stream now ends before what the replica holds
        writer.recordStored(chain, ten.subList(4, 6)).toCompletableFuture().join();

        assertThat(all()).isEqualTo(ten.subList(4, 6));
    }

    @Test
    void aStreamRefilledWithARecordBeforeWhatIsHeld_isReadWhole() {
        write(3);
        AuditRecord lost = records.next(1, "lost").get(0);    // fed while Redis was down: the stream restarts after it
        List<AuditRecord> after = write(4);
        assertThat(all()).isEqualTo(after);
        deleteStream();                                          // Redis restarted empty, then a late feed brings it all
        List<AuditRecord> refill = new ArrayList<>(List.of(lost));
        refill.addAll(after);
        writer.recordStored(chain, refill).toCompletableFuture().join();

        assertThat(all()).isEqualTo(refill);
    }

    @Test
    void aGap_restartsTheStream_andWhatWasHeldIsDropped() {
        write(3);
        assertThat(all()).hasSize(3);
        records.next(2, "lost");               // stored, never fed
        List<AuditRecord> after = write(2);

        assertThat(all()).isEqualTo(after);
    }

    @Test
    void aChainStartedAgain_otherRecordsAtTheSameSeqs_areNotServedFromMemory() {
        write(3);
        assertThat(all()).hasSize(3);
        deleteStream();
        clock.advance(Duration.ofSeconds(1));
        HotRecords again = new HotRecords(chain, clock);   // its system of record started afresh: seq 1..3 again, other records
        List<AuditRecord> fresh = write(writer, again, 3);

        assertThat(all()).isEqualTo(fresh);
    }

    @Test
    void trimmedByRedis_theHeldEntriesGoToo() {
        HotTier shortReader = open(Map.of("retention", "120s"));
        HotTier shortWriter = open(Map.of("retention", "120s"));
        HotTier uncached = open(Map.of("retention", "120s", "read-cache-bytes", "0"));
        List<AuditRecord> old = records.next(300, "old");
        shortWriter.recordStored(chain, old).toCompletableFuture().join();
        assertThat(shortReader.recent(chain, null, null, 0, 1000)).isEqualTo(old);
        clock.advance(Duration.ofSeconds(90));
        assertThat(shortReader.recent(chain, null, null, 0, 1000)).isEqualTo(old);   // read within the retention: still held
        clock.advance(Duration.ofSeconds(90));
        List<AuditRecord> fresh = write(shortWriter, records, 2);                     // trims what is older than 120 s

        List<AuditRecord> held = shortReader.recent(chain, null, null, 0, 1000);

        assertThat(held).isEqualTo(uncached.recent(chain, null, null, 0, 1000)).hasSizeLessThan(302).endsWith(fresh.toArray(AuditRecord[]::new));
        assertThat(shortReader.recent(chain, shortReader.coverage(chain).from(), null, 0, 1000)).isEqualTo(fresh);
    }

    @Test
    void anyWindow_answersAsAnUncachedTier_whileAnotherReplicaWrites() {
        HotTier uncached = open(Map.of("read-cache-bytes", "0"));
        List<AuditRecord> stored = new ArrayList<>(write(200));
        Random random = new Random(42);
        HotTier cached = reader;
        for (int i = 0; i < 300; i++) {
            if (i % 10 == 0) {
                stored.addAll(write(1 + random.nextInt(20)));
            }
            if (i % 30 == 29) {
                cached = open(Map.of());    // a replica that held nothing yet: its first read is whole
            }
            AuditRecord a = stored.get(random.nextInt(stored.size()));
            AuditRecord b = stored.get(random.nextInt(stored.size()));
            Instant from = random.nextInt(8) == 0 ? null : a.recordedAt().plusNanos(1000L * (random.nextInt(3) - 1));
            Instant to = random.nextBoolean() ? null : b.recordedAt().plusMillis(random.nextInt(5));
            long afterSeq = random.nextInt(4) == 0 ? random.nextInt(stored.size()) : 0;
            int max = new int[] {1, 5, 70, 1000}[random.nextInt(4)];

            assertThat(cached.recent(chain, from, to, afterSeq, max)).as("read %d: %s .. %s after %d, max %d", i, from, to, afterSeq, max)
                    .isEqualTo(uncached.recent(chain, from, to, afterSeq, max));
        }
    }

    @Test
    void overTheByteBound_leastRecentlyReadChainsGo_andABigChainKeepsItsNewest() {
        List<AuditRecord> x = write(5);
        List<AuditRecord> y = write(writer, new HotRecords(ChainId.of("cache", chain.tenant() + "-y"), clock), 5);
        List<AuditRecord> z = write(writer, new HotRecords(ChainId.of("cache", chain.tenant() + "-z"), clock), 5);
        HotTier small = open(Map.of("read-cache-bytes", Long.toString(weight(x) + weight(y) + 100)));   // x and y fit
        List<AuditRecord> x1 = small.recent(chain, null, null, 0, 100);
        List<AuditRecord> y1 = small.recent(y.get(0).chain(), null, null, 0, 100);
        List<AuditRecord> z1 = small.recent(z.get(0).chain(), null, null, 0, 100);   // over the bound: x goes

        assertThat(small.recent(y.get(0).chain(), null, null, 0, 100)).isEqualTo(y).first().isSameAs(y1.get(0));
        assertThat(small.recent(chain, null, null, 0, 100)).isEqualTo(x).first().isNotSameAs(x1.get(0));
        assertThat(z1).isEqualTo(z);

        List<AuditRecord> big = new ArrayList<>(x);
        big.addAll(write(25));
        List<AuditRecord> big1 = small.recent(chain, null, null, 0, 100);
        assertThat(big1).as("complete although more than the bound").isEqualTo(big);
        big.addAll(write(2));
        List<AuditRecord> big2 = small.recent(chain, null, null, 0, 100);
        assertThat(big2).isEqualTo(big);
        assertThat(big2.get(29)).as("the newest entries stay held").isSameAs(big1.get(29));
        assertThat(big2.get(0)).as("the oldest went").isNotSameAs(big1.get(0));
    }

    @Test
    void concurrentReaders_whileAnotherReplicaWrites_seeEveryRecordStoredBeforeTheirRead() throws Exception {
        List<AuditRecord> first = write(50);
        Instant start = first.get(0).recordedAt();
        AtomicLong stored = new AtomicLong(first.get(49).seq());
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            readers.add(new Thread(() -> {
                while (System.nanoTime() < until && problems.isEmpty()) {
                    long before = stored.get();
                    List<AuditRecord> got = reader.recent(chain, start, null, 0, 10_000);
                    for (int i = 0; i < got.size(); i++) {
                        if (got.get(i).seq() != i + 1) {
                            problems.add("record " + i + " has seq " + got.get(i).seq());
                        }
                    }
                    if (got.size() < before) {
                        problems.add(got.size() + " records read after " + before + " were stored");
                    }
                }
            }));
            readers.get(t).start();
        }
        for (int i = 0; System.nanoTime() < until; i++) {
            List<AuditRecord> batch = write(1 + i % 3);
            stored.set(batch.get(batch.size() - 1).seq());
            Thread.sleep(2);
        }
        for (Thread t : readers) {
            t.join();
        }
        assertThat(problems).isEmpty();
        assertThat(all()).hasSize((int) stored.get());
    }

    private static long weight(List<AuditRecord> records) {
        return records.stream().mapToLong(RecordEntries::weight).sum();
    }

    private static List<AuditRecord> concat(List<AuditRecord> a, List<AuditRecord> b) {
        List<AuditRecord> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
