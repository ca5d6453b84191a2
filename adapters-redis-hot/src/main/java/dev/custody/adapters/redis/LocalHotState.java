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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-process fallback while Redis is unreachable: the same rules as the Redis side (coverage restarts
 * after a gap, retention by recorded_at), bounded in records per chain, chains and estimated bytes (least recently
 * used chains go first; a chain heavier than the bytes alone keeps its newest records) and idempotency keys. Local
 * to this replica and lost on restart.
 */
final class LocalHotState {

    /** Estimated heap of a held chain besides its records and counters (window, deque, map entries). */
    static final long CHAIN_BYTES = 400;
    /** Estimated heap of one 10-second counter bucket besides its values. */
    static final long BUCKET_BYTES = 250;
    /** Estimated heap of one counted value besides its characters (map node, boxed count). */
    static final long COUNT_BYTES = 100;

    private final HotTierSettings settings;
    private final Clock clock;
    private final LinkedHashMap<ChainId, Window> chains = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<String, Claim> keys = new LinkedHashMap<>(256, 0.75f, false);
    /** The estimated heap of every window held ({@link Window#weight()}). */
    private long bytes;

    private static final class Window {
        final ArrayDeque<AuditRecord> records = new ArrayDeque<>();
        /** Complete from this recorded_at; null when empty. */
        Instant since;
        long last;
        /** bucket epoch second → counters */
        final TreeMap<Long, Bucket> counts = new TreeMap<>();
        long recordBytes;
        long countBytes;

        long weight() {
            return CHAIN_BYTES + recordBytes + countBytes;
        }

        void addRecord(AuditRecord r) {
            records.addLast(r);
            recordBytes += RecordEntries.weight(r);
        }

        AuditRecord removeOldest() {
            AuditRecord gone = records.removeFirst();
            recordBytes -= RecordEntries.weight(gone);
            return gone;
        }

        void clearRecords() {
            records.clear();
            recordBytes = 0;
        }

        void count(AuditRecord r) {
            Bucket b = counts.get(RecordEntries.bucket(r.recordedAt()));
            if (b == null) {
                b = new Bucket();
                counts.put(RecordEntries.bucket(r.recordedAt()), b);
                countBytes += BUCKET_BYTES;
            }
            countBytes += b.count(CountDimension.ACTION, r.action()) + b.count(CountDimension.OUTCOME, r.outcome())
                    + b.count(CountDimension.ACTOR, r.actor().id());
        }

        void dropCountsBefore(long bucket) {
            Map<Long, Bucket> old = counts.headMap(bucket);
            old.values().forEach(b -> countBytes -= BUCKET_BYTES + b.valueBytes);
            old.clear();
        }
    }

    /** One 10-second bucket: dimension → value → count. */
    private static final class Bucket {
        final Map<CountDimension, Map<String, Long>> byDim = new EnumMap<>(CountDimension.class);
        long valueBytes;

        /** Counts {@code value}; returns the bytes this added (a value not counted in this bucket before). */
        long count(CountDimension dim, String value) {
            if (byDim.computeIfAbsent(dim, d -> new HashMap<>()).merge(value, 1L, Long::sum) > 1) {
                return 0;
            }
            long added = COUNT_BYTES + 2L * value.length();
            valueBytes += added;
            return added;
        }
    }

    private record Claim(String fingerprint, byte[] answer, long expiresAtMillis) {
    }

    LocalHotState(HotTierSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    synchronized void add(ChainId chain, List<AuditRecord> records) {
        Window w = chains.get(chain);
        if (w == null) {
            w = new Window();
            chains.put(chain, w);
            bytes += w.weight();
        }
        long before = w.weight();
        for (AuditRecord r : records) {
            if (r.seq() <= w.last) {
                continue;
            }
            if (w.last == 0 || r.seq() != w.last + 1) {
                w.clearRecords();
                w.since = r.seq() == 1 ? Instant.EPOCH : r.recordedAt().plusNanos(1000);
            }
            w.addRecord(r);
            w.last = r.seq();
            w.count(r);
        }
        trim(w, settings.fallbackRecordsPerChain());
        bytes += w.weight() - before;
        Iterator<Window> eldest = chains.values().iterator();
        while (chains.size() > settings.fallbackChains() || bytes > settings.fallbackBytes() && chains.size() > 1) {
            bytes -= eldest.next().weight();   // never w: it was used last
            eldest.remove();
        }
        if (bytes > settings.fallbackBytes()) {
            // w alone is heavier than the bound: it keeps its newest records (its counters are bounded by the retention)
            before = w.weight();
            trim(w, (int) Math.max(0, w.records.size() - excess(w, bytes - settings.fallbackBytes())));
            bytes += w.weight() - before;
        }
    }

    /** How many of w's oldest records weigh at least {@code over}. */
    private static int excess(Window w, long over) {
        int n = 0;
        long freed = 0;
        for (Iterator<AuditRecord> it = w.records.iterator(); it.hasNext() && freed < over; n++) {
            freed += RecordEntries.weight(it.next());
        }
        return n;
    }

    /** Drops w's records beyond {@code keep} and older than the retention, oldest first; coverage starts after them. */
    private void trim(Window w, int keep) {
        Instant horizon = clock.instant().minus(settings.retention());
        while (!w.records.isEmpty() && (w.records.size() > keep || w.records.peekFirst().recordedAt().isBefore(horizon))) {
            AuditRecord gone = w.removeOldest();
            Instant after = gone.recordedAt().plusNanos(1000);
            if (after.isAfter(w.since)) {
                w.since = after;
            }
        }
        w.dropCountsBefore(horizon.getEpochSecond() - HotTierSettings.BUCKET_SECONDS);
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
            w.counts.subMap(fromBucket, toBucketExclusive).values().forEach(b ->
                    b.byDim.getOrDefault(dim, Map.of()).forEach((k, v) -> out.merge(k, v, Long::sum)));
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
        bytes = 0;
    }

    synchronized int chainCount() {
        return chains.size();
    }

    /** The estimated heap of the chains held, at most {@code fallback-bytes} (or one chain's counters). */
    synchronized long bytes() {
        return bytes;
    }
}
