package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration, startup failures and capabilities of the {@code postgres} provider. */
class PostgresProviderTest {

    private final PostgresAuditStoreProvider provider = new PostgresAuditStoreProvider();

    @Test
    void create_rejectsUnknownAndInvalidProperties() {
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1/x", "pool_size", "3")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.primary.properties.pool_size");
        assertThatThrownBy(() -> create(Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.storage.primary.properties.url");
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:mysql://h/db")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PostgreSQL JDBC URL");
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1/x", "schema", "x; DROP TABLE y")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("schema=x; DROP TABLE y");
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1/x", "pool-size", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pool-size");
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1/x", "socket-timeout", "500ms")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("socket-timeout=500ms");
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1/x?socketTimeout=5", "socket-timeout", "9s")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("one place");
    }

    @Test
    void jdbcUrl_boundsEveryWaitForTheServerUnlessTheUrlSaysOtherwise() {
        assertThat(settings(Map.of("url", "jdbc:postgresql://h/db")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=true&socketTimeout=60");
        assertThat(settings(Map.of("url", "jdbc:postgresql://h/db?ssl=true", "socket-timeout", "15s")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=true&socketTimeout=15");
        assertThat(settings(Map.of("url", "jdbc:postgresql://h/db", "socket-timeout", "0s")).jdbcUrl())
                .endsWith("&socketTimeout=0");
        assertThat(settings(Map.of("url", "jdbc:postgresql://h/db?socketTimeout=5&reWriteBatchedInserts=false")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?socketTimeout=5&reWriteBatchedInserts=false");
    }

    private static PostgresSettings settings(Map<String, String> properties) {
        return PostgresSettings.from(ProviderConfig.of("custody.storage.primary.properties.", properties));
    }

    @Test
    void create_failsAsUnavailableWhenNothingListens() {
        assertThatThrownBy(() -> create(Map.of("url", "jdbc:postgresql://127.0.0.1:1/nothing", "username", "postgres")))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot be reached");
    }

    @Test
    void create_withoutMigrateNamesTheMissingSchema() {
        TestDatabase db = TestDatabase.create("custody_nomig_" + Long.toHexString(System.nanoTime()));
        try {
            assertThatThrownBy(() -> db.open(Map.of("migrate", "false")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody db migrate");
            try (AuditStore s = db.open(Map.of("schema", "audit_two"))) {
                assertThat(s.capabilities()).contains(StoreCapability.CONDITIONAL_APPEND, StoreCapability.DURABLE,
                        StoreCapability.MULTI_WRITER, StoreCapability.PURGE_BEFORE_SEQ);
            }
            try (AuditStore s = db.open(Map.of("schema", "audit_two", "migrate", "false"))) {
                assertThat(s.tip(ChainId.of("a", "b"))).isEqualTo(ChainTip.GENESIS);
            }
        } finally {
            db.drop();
        }
    }

    @Test
    void twoStoresOverOneDatabase_onlyOneWinsTheSameTip() {
        TestDatabase db = TestDatabase.shared();
        ChainId chain = ChainId.of("race", "t" + Long.toHexString(System.nanoTime()));
        try (AuditStore a = db.open(); AuditStore b = db.open()) {
            var records = new dev.custody.domain.chain.RecordEncoder(dev.custody.domain.chain.EventLimits.DEFAULT,
                    java.time.Clock.systemUTC());
            var first = records.encodeEvents(ChainTip.GENESIS, java.util.List.of(event(chain, "a")));
            var rival = records.encodeEvents(ChainTip.GENESIS, java.util.List.of(event(chain, "b")));
            assertThat(a.append(chain, ChainTip.GENESIS, first)).isInstanceOf(AppendResult.Appended.class);
            assertThat(b.append(chain, ChainTip.GENESIS, rival))
                    .isEqualTo(new AppendResult.Conflict(ChainTip.of(first.get(0))));
            var second = records.encodeEvents(ChainTip.of(first.get(0)), java.util.List.of(event(chain, "c")));
            var stale = records.encodeEvents(ChainTip.of(first.get(0)), java.util.List.of(event(chain, "d")));
            assertThat(b.append(chain, ChainTip.of(first.get(0)), second)).isInstanceOf(AppendResult.Appended.class);
            assertThat(a.append(chain, ChainTip.of(first.get(0)), stale)).isInstanceOf(AppendResult.Conflict.class);
            assertThat(a.readRange(chain, 1, 10)).containsExactly(first.get(0), second.get(0));
        }
    }

    private static dev.custody.domain.chain.AuditEvent event(ChainId chain, String actor) {
        return dev.custody.domain.chain.AuditEvent.builder(chain).kind("access").action("read").actor("user", actor)
                .outcome("ok").build();
    }

    private AuditStore create(Map<String, String> props) {
        return provider.create(ProviderConfig.of("custody.storage.primary.properties.", props), ProviderContext.of(Path.of("target")));
    }
}
