package dev.custody.adapters.redis;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.IdempotencyEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-process fallback while Redis is unreachable: the same rules as the Redis side (coverage restarts
 * after a gap, retention by recorded_at), bounded in records per chain, chains (least recently used go
 * first) and idempotency keys. Local to this replica and lost on restart.
 */
final class LocalHotState {

    private final HotTierSettings settings;
    private final Clock clock;
    private final LinkedHashMap<ChainId, Window> chains = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<String, Claim> keys = new LinkedHashMap<>(256, 0.75f, false);

    private static final class Window {
        final ArrayDeque<AuditRecord> records = new ArrayDeque<>();
        /** Complete from this recorded_at; null when empty. */
        Instant since;
        long last;
        /** bucket epoch second → dimension → value → count */
        final TreeMap<Long, Map<CountDimension, Map<String, Long>>> counts = new TreeMap<>();
    }

    private record Claim(String fingerprint, byte[] answer, long expiresAtMillis) {
    }

    LocalHotState(HotTierSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    synchronized void add(ChainId chain, List<AuditRecord> records) {
        Window w = chains.computeIfAbsent(chain, c -> new Window());
        for (AuditRecord r : records) {
            if (r.seq() <= w.last) {
                continue;
            }
            if (w.last == 0 || r.seq() != w.last + 1) {
                w.records.clear();
                w.since = r.seq() == 1 ? Instant.EPOCH : r.recordedAt().plusNanos(1000);
            }
            w.records.addLast(r);
            w.last = r.seq();
            long bucket = RecordEntries.bucket(r.recordedAt());
            Map<CountDimension, Map<String, Long>> byDim = w.counts.computeIfAbsent(bucket, b -> new HashMap<>());
            byDim.computeIfAbsent(CountDimension.ACTION, d -> new HashMap<>()).merge(r.action(), 1L, Long::sum);
            byDim.computeIfAbsent(CountDimension.OUTCOME, d -> new HashMap<>()).merge(r.outcome(), 1L, Long::sum);
            byDim.computeIfAbsent(CountDimension.ACTOR, d -> new HashMap<>()).merge(r.actor().id(), 1L, Long::sum);
        }
        trim(w);
        while (chains.size() > settings.fallbackChains()) {
            Iterator<ChainId> eldest = chains.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private void trim(Window w) {
        Instant horizon = clock.instant().minus(settings.retention());
        while (!w.records.isEmpty() && (w.records.size() > settings.fallbackRecordsPerChain()
                || w.records.peekFirst().recordedAt().isBefore(horizon))) {
            AuditRecord gone = w.records.removeFirst();
            Instant after = gone.recordedAt().plusNanos(1000);
            if (after.isAfter(w.since)) {
                w.since = after;
            }
        }
        w.counts.headMap(horizon.getEpochSecond() - HotTierSettings.BUCKET_SECONDS).clear();
    }

    synchronized HotCoverage coverage(ChainId chain) {
        Window w = chains.get(chain);
        return w == null || w.last == 0 ? HotCoverage.NONE : new HotCoverage(w.since, w.last);
    }

    synchronized List<AuditRecord> recent(ChainId chain, Instant from, Instant to, long afterSeq, int max) {
        Window w = chains.get(chain);
        List<AuditRecord> out = new ArrayList<>();
        if (w == null) {
            return out;
        }
        for (AuditRecord r : w.records) {
            if (r.seq() > afterSeq && (from == null || !r.recordedAt().isBefore(from))
                    && (to == null || r.recordedAt().isBefore(to))) {
                out.add(r);
                if (out.size() == max) {
                    break;
                }
            }
        }
        return out;
    }

    synchronized Map<String, Long> counts(ChainId chain, CountDimension dim, long fromBucket, long toBucketExclusive) {
        Map<String, Long> out = new TreeMap<>();
        Window w = chains.get(chain);
        if (w != null) {
            w.counts.subMap(fromBucket, toBucketExclusive).values().forEach(byDim ->
                    byDim.getOrDefault(dim, Map.of()).forEach((k, v) -> out.merge(k, v, Long::sum)));
        }
        return out;
    }

    synchronized Optional<IdempotencyEntry> claim(String key, String fingerprint) {
        Claim c = live(key);
        if (c == null) {
            keys.put(key, new Claim(fingerprint, null, clock.millis() + settings.pendingClaimTtl().toMillis()));
            while (keys.size() > settings.fallbackIdempotencyKeys()) {
                Iterator<String> eldest = keys.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            return Optional.empty();
        }
        return Optional.of(new IdempotencyEntry(c.fingerprint(), c.answer()));
    }

    synchronized Optional<IdempotencyEntry> get(String key) {
        Claim c = live(key);
        return c == null ? Optional.empty() : Optional.of(new IdempotencyEntry(c.fingerprint(), c.answer()));
    }

    synchronized void complete(String key, String fingerprint, byte[] answer) {
        Claim c = live(key);
        if (c == null || c.fingerprint().equals(fingerprint)) {
            keys.put(key, new Claim(fingerprint, answer.clone(), clock.millis() + settings.idempotencyTtl().toMillis()));
        }
    }

    synchronized void release(String key, String fingerprint) {
        Claim c = live(key);
        if (c != null && c.fingerprint().equals(fingerprint) && c.answer() == null) {
            keys.remove(key);
        }
    }

    private Claim live(String key) {
        Claim c = keys.get(key);
        if (c != null && c.expiresAtMillis() <= clock.millis()) {
            keys.remove(key);
            return null;
        }
        return c;
    }

    /** Forgets the recent records and counters (Redis serves them again); keeps idempotency keys until they expire. */
    synchronized void clearRecords() {
        chains.clear();
    }

    synchronized int chainCount() {
        return chains.size();
    }
}
