package dev.custody.adapters.redis.subject;

import dev.custody.ports.SubjectDataStore;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SubjectDataStoreProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code redis} subject data store (conversation checkpoints). Properties:
 * <ul>
 *   <li>{@code uri} — required, {@code redis://host:port[/db]} or {@code rediss://…}</li>
 *   <li>{@code prefix} — key prefix, default {@code custody:subject:}</li>
 *   <li>{@code timeout} — command timeout, default {@code PT5S}</li>
 * </ul>
 * Connects at startup and pings, so an unreachable Redis stops startup with the URI named (without its
 * password).
 */
public final class RedisSubjectDataStoreProvider implements SubjectDataStoreProvider {

    /** The configuration name. */
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SubjectDataStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of("uri", "prefix", "timeout"));
        String uri = config.requireString("uri");
        String prefix = config.string("prefix", "custody:subject:");
        if (!prefix.matches("[A-Za-z0-9._:{}-]{1,64}")) {
            throw config.invalid("prefix", prefix, "must be 1 to 64 characters of [A-Za-z0-9._:{}-]");
        }
        Duration timeout = config.duration("timeout", Duration.ofSeconds(5));
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw config.invalid("uri", redacted(uri), "must be redis://host:port[/db] (" + e.getMessage() + ")");
        }
        parsed.setTimeout(timeout);
        String shown = "redis " + parsed.getHost() + ":" + parsed.getPort() + "/" + parsed.getDatabase() + " prefix " + prefix;
        RedisClient client = RedisClient.create(parsed);
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisCheckpointStore(client, connection, prefix, shown);
        } catch (RedisException e) {
            client.shutdown();
            throw config.invalid("uri", redacted(uri), "cannot connect to Redis (" + e.getMessage() + ")");
        }
    }

    private static String redacted(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
