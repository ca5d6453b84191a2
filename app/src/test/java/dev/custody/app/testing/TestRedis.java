package dev.custody.app.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared Redis on 127.0.0.1:6379, used under a key prefix of this test's own. Fails, never skips, when
 * Redis does not answer; {@link #close()} deletes this prefix's keys and nothing else (never FLUSHALL).
 */
public final class TestRedis implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.getInteger("custody.test.redis.port", 6379);

    public final String prefix = "custody-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final RedisClient client = RedisClient.create("redis://" + HOST + ":" + PORT);
    private final StatefulRedisConnection<String, String> connection;

    public TestRedis() {
        client.setDefaultTimeout(Duration.ofSeconds(2));
        try {
            connection = client.connect();
            connection.sync().ping();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new AssertionError("This test needs Redis at " + HOST + ":" + PORT + " (start it, or see .ci/run): "
                    + e.getMessage(), e);
        }
    }

    public String uri() {
        return "redis://" + HOST + ":" + PORT;
    }

    /** Number of entries in this prefix's recent stream of {@code namespace/tenant}. */
    public long recentLength(String namespace, String tenant) {
        return connection.sync().xlen(prefix + "recent:{" + namespace + "/" + tenant + "}");
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
