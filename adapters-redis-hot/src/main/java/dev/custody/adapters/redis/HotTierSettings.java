package dev.custody.adapters.redis;

import dev.custody.ports.spi.ProviderConfig;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** The validated properties of {@code custody.storage.hot} for the {@code redis} provider. */
record HotTierSettings(RedisURI uri, String keyPrefix, Duration retention, Duration idempotencyTtl,
        Duration pendingClaimTtl, Duration commandTimeout, Duration probeInterval, int fallbackRecordsPerChain,
        int fallbackChains, long fallbackBytes, int fallbackIdempotencyKeys, long readCacheBytes) {

    static final Set<String> KEYS = Set.of("uri", "key-prefix", "retention", "idempotency-ttl", "pending-claim-ttl",
            "command-timeout", "probe-interval", "fallback-records-per-chain", "fallback-chains",
            "fallback-bytes", "fallback-idempotency-keys", "read-cache-bytes");
    /** Counter bucket width. */
    static final int BUCKET_SECONDS = 10;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{0,64}");

    static HotTierSettings from(ProviderConfig c) {
        c.rejectUnknownKeys(KEYS);
        String uriText = c.string("uri", "redis://127.0.0.1:6379");
        RedisURI uri;
        try {
            uri = RedisURI.create(uriText);
        } catch (RuntimeException e) {
            throw c.invalid("uri", uriText, "must be a Redis URI such as redis://127.0.0.1:6379 (" + e.getMessage() + ")");
        }
        String prefix = c.string("key-prefix", "custody:");
        if (!PREFIX.matcher(prefix).matches()) {
            throw c.invalid("key-prefix", prefix, "must be up to 64 characters of [A-Za-z0-9._:-]");
        }
        Duration retention = c.duration("retention", Duration.ofHours(1));
        if (retention.compareTo(Duration.ofMinutes(1)) < 0 || retention.compareTo(Duration.ofDays(1)) > 0) {
            throw c.invalid("retention", retention.toString(), "must be between 1 minute and 1 day");
        }
        Duration idem = positive(c, "idempotency-ttl", Duration.ofHours(24));
        Duration pending = positive(c, "pending-claim-ttl", Duration.ofMinutes(1));
        Duration timeout = positive(c, "command-timeout", Duration.ofMillis(500));
        Duration probe = positive(c, "probe-interval", Duration.ofSeconds(1));
        return new HotTierSettings(uri, prefix, retention, idem, pending, timeout, probe,
                c.integer("fallback-records-per-chain", 10_000, 1, 10_000_000),
                c.integer("fallback-chains", 1_000, 1, 1_000_000),
                c.integer("fallback-bytes", 64 << 20, 0, Integer.MAX_VALUE),
                c.integer("fallback-idempotency-keys", 100_000, 1, 10_000_000),
                c.integer("read-cache-bytes", 64 << 20, 0, Integer.MAX_VALUE));
    }

    private static Duration positive(ProviderConfig c, String key, Duration dflt) {
        Duration d = c.duration(key, dflt);
        if (d.isZero()) {
            throw c.invalid(key, d.toString(), "must be positive");
        }
        return d;
    }

    /** Host and port, never the password. */
    String where() {
        return uri.getHost() + ":" + uri.getPort() + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
    }

}
