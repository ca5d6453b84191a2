package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.tck.MutableClock;
import dev.custody.tck.hot.HotRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read cache's bounds (ADR 0112): total weight with least recently read chains going first, idle chains released. */
class RecentCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    private CachedRun run(String tenant, int n) {
        return CachedRun.of(StreamId.MIN, new HotRecords(ChainId.of("c", tenant), clock).next(n, "a"));
    }

    @Test
    void overTheBound_theLeastRecentlyReadChainsGo_andTheTotalStaysWithin() {
        CachedRun a = run("a", 10);
        CachedRun b = run("b", 10);
        CachedRun c = run("c", 10);
        long bound = a.weight() + b.weight() + c.weight() / 2;
        RecentCache cache = new RecentCache(bound, Duration.ofHours(1).toMillis(), clock);
        cache.put(ChainId.of("c", "a"), a);
        cache.put(ChainId.of("c", "b"), b);
        assertThat(cache.get(ChainId.of("c", "a"))).isSameAs(a);    // a is now more recently read than b

        cache.put(ChainId.of("c", "c"), c);

        assertThat(cache.get(ChainId.of("c", "b"))).isNull();
        assertThat(cache.get(ChainId.of("c", "a"))).isSameAs(a);
        assertThat(cache.get(ChainId.of("c", "c"))).isSameAs(c);
        assertThat(cache.bytes()).isEqualTo(a.weight() + c.weight()).isLessThanOrEqualTo(bound);
        assertThat(cache.chainCount()).isEqualTo(2);
    }

    @Test
    void aRunHeavierThanTheBound_keepsItsNewestEntries_heldFromTheFirstKept() {
        CachedRun big = run("big", 40);
        long one = RecordEntries.weight(big.last());
        RecentCache cache = new RecentCache(10 * one, Duration.ofHours(1).toMillis(), clock);

        CachedRun kept = cache.put(ChainId.of("c", "big"), big);

        assertThat(kept.size()).isBetween(8, 10);
        assertThat(kept.last()).isSameAs(big.last());
        assertThat(kept.coveredFrom()).isEqualTo(StreamId.of(kept.first()));
        assertThat(cache.bytes()).isEqualTo(kept.weight()).isLessThanOrEqualTo(10 * one);
        List<AuditRecord> all = kept.select(null, null, 0, 100);
        assertThat(all).hasSize(kept.size()).first().isSameAs(kept.first());
    }

    @Test
    void aChainNotReadForTheIdleTime_isReleasedOnTheNextRead() {
        RecentCache cache = new RecentCache(1 << 20, Duration.ofMinutes(60).toMillis(), clock);
        cache.put(ChainId.of("c", "idle"), run("idle", 3));
        clock.advance(Duration.ofMinutes(30));
        CachedRun busy = run("busy", 3);
        cache.put(ChainId.of("c", "busy"), busy);
        clock.advance(Duration.ofMinutes(31));

        assertThat(cache.get(ChainId.of("c", "busy"))).isSameAs(busy);
        assertThat(cache.get(ChainId.of("c", "idle"))).isNull();
        assertThat(cache.chainCount()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(busy.weight());
    }

    @Test
    void extendingInPlace_neverChangesARunAlreadyHandedOut() {
        CachedRun first = run("x", 3);
        List<AuditRecord> seen = first.select(null, null, 0, 100);
        HotRecords more = new HotRecords(ChainId.of("c", "x"), clock);
        more.next(3, "a");
        CachedRun longer = first.extended(List.of(), first.coveredFrom(), more.next(2, "b"));
        CachedRun other = first.extended(List.of(), first.coveredFrom(), more.next(1, "c"));   // first no longer ends at the fill: a copy

        assertThat(seen).hasSize(3);
        assertThat(longer.size()).isEqualTo(5);
        assertThat(longer.get(3).action()).isEqualTo("b");
        assertThat(other.size()).isEqualTo(4);
        assertThat(other.get(3).action()).isEqualTo("c");
        assertThat(longer.get(3).action()).as("unchanged by the second extension").isEqualTo("b");
    }
}
