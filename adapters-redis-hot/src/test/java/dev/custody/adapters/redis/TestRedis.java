package dev.custody.adapters.redis;

import dev.custody.ports.hot.HotTier;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The shared Redis on 127.0.0.1:6379 with a key prefix of this run's own. Fails (never skips) when Redis does
 * not answer; {@link #close()} deletes this run's keys and nothing else.
 */
final class TestRedis implements AutoCloseable {

    static final String URI = System.getProperty("custody.test.redis", "redis://127.0.0.1:6379");

    final String prefix = "custody-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    final RedisClient client = RedisClient.create(URI);
    final StatefulRedisConnection<String, String> connection;

    TestRedis() {
        client.setDefaultTimeout(Duration.ofSeconds(2));
        try {
            connection = client.connect();
            connection.sync().ping();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new AssertionError("These tests need Redis at " + URI + " (start it, or see .ci/run): " + e.getMessage(), e);
        }
    }

    HotTier open(Clock clock, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("uri", URI, "key-prefix", prefix));
        props.putAll(extra);
        return new RedisHotTierProvider().create(ProviderConfig.of("custody.storage.hot.", props),
                new ProviderContext(Path.of("."), clock));
    }

    /** How many keys this run holds. */
    long keyCount() {
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            n += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return n;
    }

    @Override
    public void close() {
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
