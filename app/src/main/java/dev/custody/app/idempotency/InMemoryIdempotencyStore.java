package dev.custody.app.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Idempotency keys in this process's memory: bounded (the oldest entry goes first) and expiring.
 * Lost on restart, which the API documents. The fallback when no hot tier is configured.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    static final int DEFAULT_MAX_ENTRIES = 100_000;
    static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private record Key(String scope, String key) {
    }

    private record Held(String bodySha256, CompletableFuture<Optional<StoredAnswer>> answer, Instant created) {
    }

    private final Map<Key, Held> entries;
    private final Duration ttl;
    private final Clock clock;

    InMemoryIdempotencyStore() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_TTL, Clock.systemUTC());
    }

    InMemoryIdempotencyStore(int maxEntries, Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Claim claim(String scope, String key, String bodySha256) {
        Key k = new Key(scope, key);
        Held e = entries.get(k);
        if (e != null && e.created().plus(ttl).isBefore(clock.instant())) {
            entries.remove(k);
            e = null;
        }
        if (e == null) {
            entries.put(k, new Held(bodySha256, new CompletableFuture<>(), clock.instant()));
            return new Claim.Owner();
        }
        return e.bodySha256().equals(bodySha256) ? new Claim.Existing(e.answer()) : new Claim.Mismatch();
    }

    @Override
    public void complete(String scope, String key, StoredAnswer answer) {
        Held e;
        synchronized (this) {
            e = entries.get(new Key(scope, key));
        }
        if (e != null) {
            e.answer().complete(Optional.of(answer));
        }
    }

    @Override
    public void abandon(String scope, String key) {
        Held e;
        synchronized (this) {
            e = entries.remove(new Key(scope, key));
        }
        if (e != null) {
            e.answer().complete(Optional.empty());
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
