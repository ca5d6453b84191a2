package dev.custody.adapters.redis;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.HotTierException;
import dev.custody.ports.hot.HotTierStatus;
import dev.custody.ports.hot.IdempotencyEntry;
import dev.custody.ports.hot.IngestEntry;
import dev.custody.ports.hot.WindowCounts;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code redis} hot tier. Every operation goes to Redis while it is reachable and to the
 * {@link LocalHotState} while it is not (see {@link RedisLink}); only the ingest buffer has no fallback.
 */
final class RedisHotTier implements HotTier {

    private final HotTierSettings settings;
    private final RedisKeys keys;
    private final Clock clock;
    private final RedisLink link;
    private final LocalHotState local;
    private final RedisIngest ingest;
    private final RecentReads reads;

    RedisHotTier(HotTierSettings settings, Clock clock) {
        this.settings = settings;
        this.keys = new RedisKeys(settings.keyPrefix());
        this.clock = clock;
        this.link = new RedisLink(settings, clock);
        this.local = new LocalHotState(settings, clock);
        this.ingest = new RedisIngest(link, keys);
        this.reads = new RecentReads(link, keys, new RecentCache(settings.readCacheBytes(), settings.retention().toMillis(), clock));
        link.onRecovery(() -> {
            local.clearRecords();
            reads.forget();
        });
    }

    @Override
    public CompletionStage<Void> recordStored(ChainId chain, List<AuditRecord> records) {
        requireNonNull(chain, "chain is null");
        RecordEntries.checkContiguous(chain, records);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (link.degraded()) {
            local.add(chain, records);
            return CompletableFuture.completedFuture(null);
        }
        List<String> args = new ArrayList<>(3 + records.size() * RecentScript.FIELDS);
        long ttl = settings.retention().toMillis() + 60_000;
        args.add(Long.toString(ttl));
        args.add(Long.toString(clock.millis() - settings.retention().toMillis()));
        args.add(Integer.toString(records.size()));
        records.forEach(r -> RecordEntries.addArgs(r, args));
        String[] k = {keys.recent(chain), keys.recentMeta(chain), keys.countPrefix(chain)};
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            link.<Long>evalAsync(RecentScript.SCRIPT, ScriptOutputType.INTEGER, k, args.toArray(String[]::new))
                    .whenComplete((added, e) -> {
                        if (e != null) {
                            fallBack(e);
                            local.add(chain, records);
                        }
                        done.complete(null);
                    });
        } catch (RuntimeException e) {
            fallBack(e);
            local.add(chain, records);
            done.complete(null);
        }
        return done;
    }

    @Override
    public HotCoverage coverage(ChainId chain) {
        return withFallback(() -> {
            var values = link.sync().hmget(keys.recentMeta(chain), "last", "since", "trimmed");
            if (!values.get(0).hasValue()) {
                return HotCoverage.NONE;
            }
            long last = Long.parseLong(values.get(0).getValue());
            long since = Long.parseLong(values.get(1).getValueOrElse("0"));
            long trimmedMicros = Long.parseLong(values.get(2).getValueOrElse("0")) * 1000;
            return last == 0 ? HotCoverage.NONE : new HotCoverage(RecordEntries.fromMicros(Math.max(since, trimmedMicros)), last);
        }, () -> local.coverage(chain));
    }

    @Override
    public List<AuditRecord> recent(ChainId chain, Instant from, Instant to, long afterSeq, int max) {
        if (max < 1 || afterSeq < 0) {
            throw new IllegalArgumentException("max must be >= 1 and afterSeq >= 0, got " + max + ", " + afterSeq);
        }
        return withFallback(() -> reads.read(chain, from, to, afterSeq, max), () -> local.recent(chain, from, to, afterSeq, max));
    }

    @Override
    public void enqueue(ChainId chain, List<IngestEntry> events) {
        ingest.enqueue(chain, events);
    }

    @Override
    public Set<ChainId> ingestChains() {
        return ingest.chains();
    }

    @Override
    public List<IngestEntry> pendingIngest(ChainId chain, int max) {
        return ingest.pending(chain, max);
    }

    @Override
    public void acknowledge(ChainId chain, List<String> entryIds) {
        ingest.acknowledge(chain, entryIds);
    }

    @Override
    public boolean tryLease(ChainId chain, String owner, long ttlMillis) {
        return ingest.lease(chain, owner, ttlMillis);
    }

    @Override
    public Optional<IdempotencyEntry> claimKey(String key, String fingerprint) {
        Optional<IdempotencyEntry> kept = local.get(key);  // claimed here while Redis was down
        if (kept.isPresent()) {
            return kept;
        }
        return withFallback(() -> {
            List<String> got = link.eval(RedisScripts.CLAIM, ScriptOutputType.MULTI, new String[] {keys.idempotency(key)},
                    fingerprint, Long.toString(settings.pendingClaimTtl().toMillis()));
            return got.size() == 1 ? Optional.<IdempotencyEntry>empty() : Optional.of(entry(got.get(0), got.get(1).substring(1)));
        }, () -> local.claim(key, fingerprint));
    }

    @Override
    public Optional<IdempotencyEntry> idempotencyKey(String key) {
        Optional<IdempotencyEntry> kept = local.get(key);
        if (kept.isPresent()) {
            return kept;
        }
        return withFallback(() -> {
            var values = link.sync().hmget(keys.idempotency(key), "f", "a");
            return values.get(0).hasValue()
                    ? Optional.of(entry(values.get(0).getValue(), values.get(1).getValueOrElse("")))
                    : Optional.<IdempotencyEntry>empty();
        }, () -> local.get(key));
    }

    private static IdempotencyEntry entry(String fingerprint, String answer) {
        return new IdempotencyEntry(fingerprint, answer == null || answer.isEmpty() ? null : Base64.getDecoder().decode(answer));
    }

    @Override
    public void completeKey(String key, String fingerprint, byte[] answer) {
        if (local.get(key).isPresent() || link.degraded()) {
            local.complete(key, fingerprint, answer);
            return;
        }
        withFallback(() -> link.eval(RedisScripts.COMPLETE, ScriptOutputType.INTEGER, new String[] {keys.idempotency(key)},
                fingerprint, Base64.getEncoder().encodeToString(answer), Long.toString(settings.idempotencyTtl().toMillis())),
                () -> {
                    local.complete(key, fingerprint, answer);
                    return 0L;
                });
    }

    @Override
    public void releaseKey(String key, String fingerprint) {
        local.release(key, fingerprint);
        if (!link.degraded()) {
            withFallback(() -> link.eval(RedisScripts.RELEASE, ScriptOutputType.INTEGER,
                    new String[] {keys.idempotency(key)}, fingerprint), () -> 0L);
        }
    }

    @Override
    public WindowCounts counts(ChainId chain, CountDimension dimension, long windowSeconds) {
        if (windowSeconds < 1 || windowSeconds > settings.retention().toSeconds()) {
            throw new IllegalArgumentException("window must be between 1 s and the retention ("
                    + settings.retention().toSeconds() + " s), got " + windowSeconds + " s");
        }
        long now = clock.instant().getEpochSecond();
        int b = HotTierSettings.BUCKET_SECONDS;
        long toBucket = now - Math.floorMod(now, b) + b;                  // exclusive: the current bucket is included
        long start = now - windowSeconds;
        long fromBucket = start - Math.floorMod(start, b);                // the bucket holding the window's start
        Map<String, Long> counts = withFallback(() -> {
            Map<String, Long> sum = new TreeMap<>();
            var async = link.async();
            List<io.lettuce.core.RedisFuture<Map<String, String>>> futures = new ArrayList<>();
            for (long s = fromBucket; s < toBucket; s += b) {
                futures.add(async.hgetall(keys.countPrefix(chain) + dimension.apiName() + ":" + s));
            }
            for (var f : futures) {
                try {
                    f.get(settings.commandTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .forEach((k, v) -> sum.merge(k, Long.parseLong(v), Long::sum));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new HotTierException("counts of " + chain, e);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new io.lettuce.core.RedisCommandTimeoutException("counts of " + chain + " timed out");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HotTierException("interrupted reading counts of " + chain, e);
                }
            }
            return sum;
        }, () -> local.counts(chain, dimension, fromBucket, toBucket));
        return new WindowCounts(Instant.ofEpochSecond(fromBucket), Instant.ofEpochSecond(toBucket), counts);
    }

    @Override
    public HotTierStatus status() {
        return link.status();
    }

    @Override
    public long retentionSeconds() {
        return settings.retention().toSeconds();
    }

    /** Runs {@code redis} unless degraded; on an unreachable Redis, degrades and runs {@code fallback}. */
    private <T> T withFallback(Supplier<T> redis, Supplier<T> fallback) {
        if (link.degraded()) {
            return fallback.get();
        }
        try {
            return redis.get();
        } catch (RuntimeException e) {
            if (RedisLink.unreachable(e)) {
                fallBack(e);
                return fallback.get();
            }
            throw new HotTierException("Redis at " + settings.where() + " refused a command: " + e.getMessage(), e);
        }
    }

    private void fallBack(Throwable e) {
        link.degrade(e);
    }

    String describe() {
        return link.backend() + " prefix " + settings.keyPrefix();
    }

    /** The in-process fallback, for tests of its bounds. */
    LocalHotState fallback() {
        return local;
    }


    @Override
    public void close() {
        link.close();
    }
}
