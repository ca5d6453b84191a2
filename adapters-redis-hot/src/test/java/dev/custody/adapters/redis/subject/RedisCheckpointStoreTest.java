package dev.custody.adapters.redis.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.ChainId;
import dev.custody.ports.SubjectDataStore;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import dev.custody.ports.spi.SubjectDataStoreProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the Redis store (the kit's contract runs in {@link RedisSubjectDataStoreContractTest}),
 * against the real Redis (default redis://127.0.0.1:6379, -Dcustody.test.redis=URI), under a prefix of its own
 * that it removes afterwards. Fails, never skips, when Redis cannot be reached.
 */
class RedisCheckpointStoreTest {

    static final String URI = System.getProperty("custody.test.redis", "redis://127.0.0.1:6379");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final String prefix = "custody-test:" + UUID.randomUUID() + ":";
    private SubjectDataStore store;

    @BeforeEach
    void open() {
        store = open(prefix);
    }

    @AfterEach
    void cleanUp() {
        store.close();
        deleteKeys(prefix);
    }

    /** The redis subject data store through its provider, on the test Redis, under {@code prefix}. */
    static SubjectDataStore open(String prefix) {
        return ProviderRegistry.load(SubjectDataStoreProvider.class, RedisCheckpointStoreTest.class.getClassLoader(),
                "subject data store").get("redis").create(ProviderConfig.of("custody.subject-data.stores[0].properties.",
                        Map.of("uri", URI, "prefix", prefix)), ProviderContext.of(Path.of("unused")));
    }

    /** Deletes every key under {@code prefix}, and nothing else. */
    static void deleteKeys(String prefix) {
        try (RedisClient c = RedisClient.create(URI); StatefulRedisConnection<String, String> conn = c.connect()) {
            List<String> mine = conn.sync().keys(prefix + "*");
            if (!mine.isEmpty()) {
                conn.sync().del(mine.toArray(String[]::new));
            }
        }
    }

    @Test
    void erasureAndRetention_leaveNoRedisKeyOfWhatTheyDeleted() {
        store.put("subj-a", "thread-1", "{\"messages\":[\"hi\"]}", T0);
        store.put("subj-a", "thread-2", "{\"messages\":[\"yo\"]}", T0.plusSeconds(5));
        store.put("subj-b", "old", "z", T0.plusSeconds(10));
        store.put("subj-b", "new", "z2", T0.plusSeconds(200));

        assertThat(store.deleteSubject("subj-a")).isEqualTo(2);
        assertThat(redisKeys()).allMatch(k -> !k.contains("subj-a")).hasSize(4);   // subj-b's 2 items, its set, active
        assertThat(store.deleteInactiveBefore(T0.plusSeconds(100), Set.of("subj-x"))).isEqualTo(1);
        assertThat(redisKeys()).allMatch(k -> !k.contains(":old")).hasSize(3);
        assertThat(store.deleteInactiveBefore(T0.plusSeconds(1000))).isEqualTo(1);
        assertThat(redisKeys()).as("an empty store leaves no key").isEmpty();
    }

    @Test
    void checkpointsStoredBeforeChains_stayApart_andErasureAndRetentionStillReachThem() {
        // the keys exactly as the previous version wrote them: no chain in the item, no per-chain set
        try (RedisClient c = RedisClient.create(URI); StatefulRedisConnection<String, String> conn = c.connect()) {
            conn.sync().set(prefix + "cp:subj-a:thread-1", "{\"m\":\"old\"}");
            conn.sync().zadd(prefix + "threads:subj-a", T0.toEpochMilli(), "thread-1");
            conn.sync().zadd(prefix + "active", T0.toEpochMilli(), "subj-a:thread-1");
            conn.sync().set(prefix + "cp:subj-b:thread-9", "{\"m\":\"old b\"}");
            conn.sync().zadd(prefix + "threads:subj-b", T0.toEpochMilli(), "thread-9");
            conn.sync().zadd(prefix + "active", T0.toEpochMilli(), "subj-b:thread-9");
        }
        ChainId acme = ChainId.of("billing", "acme");
        assertThat(store.putIn(acme, "subj-a", "thread-1", "{\"m\":\"new\"}", T0.plusSeconds(200), 10)).isTrue();
        assertThat(store.get("subj-a", "thread-1")).as("the old checkpoint is untouched").contains("{\"m\":\"old\"}");
        assertThat(store.getIn(acme, "subj-a", "thread-1")).contains("{\"m\":\"new\"}");
        assertThat(store.count("subj-a")).isEqualTo(2);
        assertThat(store.countIn(acme)).as("old checkpoints count against no chain").isEqualTo(1);

        assertThat(store.deleteInactiveBefore(T0.plusSeconds(100))).as("retention: both old ones").isEqualTo(2);
        assertThat(store.get("subj-b", "thread-9")).isEmpty();
        assertThat(store.deleteSubject("subj-a")).as("erasure: the new one").isEqualTo(1);
        assertThat(redisKeys()).as("nothing left, the per-chain set included").isEmpty();
    }

    @Test
    void badConfiguration_isRefused_withoutTheSecret() {
        SubjectDataStoreProvider p = new RedisSubjectDataStoreProvider();
        assertThatThrownBy(() -> p.create(ProviderConfig.of("s.", Map.of()), ProviderContext.of(Path.of("x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("s.uri");
        assertThatThrownBy(() -> p.create(ProviderConfig.of("s.", Map.of("uri", "redis://:secret@127.0.0.1:1", "timeout", "PT1S")),
                ProviderContext.of(Path.of("x")))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot connect").hasMessageNotContaining("secret");
    }

    private List<String> redisKeys() {
        try (RedisClient c = RedisClient.create(URI); StatefulRedisConnection<String, String> conn = c.connect()) {
            return conn.sync().keys(prefix + "*");
        }
    }
}
