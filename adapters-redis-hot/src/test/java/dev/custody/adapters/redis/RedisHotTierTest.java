package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import dev.custody.ports.hot.WindowCounts;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.custody.tck.hot.HotRecords;
import dev.custody.tck.hot.HotTierContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code redis} hot tier against the real Redis on 127.0.0.1:6379, under a key prefix of its own: the kit's
 * {@link HotTierContract}, plus what is Redis's own (starting degraded, configuration, cleanup).
 */
class RedisHotTierTest extends HotTierContract {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    private TestRedis redis;

    @Override
    protected HotTier openHotTier(Clock clock, Duration retention) {
        if (redis == null) {
            redis = new TestRedis();
        }
        return redis.open(clock, Map.of("retention", retention.toSeconds() + "s"));
    }

    @AfterEach
    void dropKeys() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void redisUnreachableAtStart_startsDegradedAndServesFromTheFallback() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();       // closed again: nothing listens there
        }
        try (HotTier down = new RedisHotTierProvider().create(ProviderConfig.of("custody.storage.hot.",
                Map.of("uri", "redis://127.0.0.1:" + port, "key-prefix", redis.prefix, "command-timeout", "200ms")),
                new ProviderContext(Path.of("."), clock))) {
            assertThat(down.status().degraded()).isTrue();
            assertThat(down.status().reason()).isNotBlank();
            HotRecords chain = new HotRecords(CHAIN, clock);
            List<AuditRecord> records = chain.next(3, "x");
            down.recordStored(CHAIN, records).toCompletableFuture().join();
            assertThat(down.recent(CHAIN, null, null, 0, 10)).isEqualTo(records);
            assertThat(down.coverage(CHAIN)).isEqualTo(new HotCoverage(Instant.EPOCH, 3));
            assertThat(down.counts(CHAIN, CountDimension.ACTION, 60).counts()).isEqualTo(Map.of("x", 3L));
            assertThat(down.claimKey("k", "f")).isEmpty();
            assertThat(down.claimKey("k", "g")).isPresent();
            assertThatThrownBy(() -> down.enqueue(CHAIN, List.of(IngestEntry.of("id", "{}"))))
                    .isInstanceOf(dev.custody.ports.hot.HotTierUnavailableException.class);
        }
    }

    @Test
    void badConfiguration_namesTheKey() {
        assertThatThrownBy(() -> redis.open(clock, Map.of("retention", "10s")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.retention=PT10S");
        assertThatThrownBy(() -> redis.open(clock, Map.of("key-prefix", "bad prefix")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.key-prefix");
        assertThatThrownBy(() -> redis.open(clock, Map.of("read-cache-bytes", "-1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.read-cache-bytes=-1");
        assertThatThrownBy(() -> redis.open(clock, Map.of("retension", "1h")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.hot.retension");
    }

    @Test
    void close_leavesOnlyThisRunsKeysBehindForCleanup() {
        HotRecords chain = new HotRecords(CHAIN, clock);
        hot.recordStored(CHAIN, chain.next(2, "x")).toCompletableFuture().join();
        assertThat(redis.keyCount()).isPositive();
    }
}
