package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.plugins.PluginJars;
import dev.custody.app.testing.FlakyAuditStoreProvider;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.ChainId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service reaches {@code UP} without reading every chain (issue 22): nothing lists the chains or reads their tips
 * at start, and the sinks' first full pass runs in the background, never before the service answers.
 */
class StartupWithManyChainsTest {

    @TempDir
    Path home;

    private static String filled(int chains) {
        String name = UUID.randomUUID().toString();
        new FlakyAuditStoreProvider().create(
                dev.custody.ports.spi.ProviderConfig.of("custody.storage.primary.properties.", Map.of("name", name)), null);
        FlakyAuditStoreProvider.Flaky store = FlakyAuditStoreProvider.store(name);
        try (ChainAppender appender = new ChainAppender(store.delegate, Clock.systemUTC())) {
            for (int call = 0; call < chains / 1000; call++) {
                List<AuditEvent> events = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    events.add(AuditEvent.builder(ChainId.of("tenants", "t" + (call * 1000 + i))).kind("access")
                            .action("read").actor("user", "u").outcome("success").build());
                }
                appender.append(events);
            }
        }
        return name;
    }

    private Map<String, Object> props(String store) {
        Map<String, Object> props = new HashMap<>();
        props.put("custody.storage.primary.backend", "test-flaky");
        props.put("custody.storage.primary.properties.name", store);
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return props;
    }

    @Test
    void startingOverTwentyThousandChains_listsNoChainAndReadsAtMostAFewTips() {
        String name = filled(20_000);
        FlakyAuditStoreProvider.Flaky store = FlakyAuditStoreProvider.store(name);
        try (TestServer api = TestServer.start(home, props(name))) {
            assertThat(api.get("/health", null).status()).isEqualTo(200);
            assertThat(store.listings.get()).as("listings of every chain").isZero();
            assertThat(store.tips.get()).as("tips read (the health probe's)").isLessThan(5);
        }
    }

    /** A sink's first full pass is stuck listing the chains: the service has started and answers UP regardless. */
    @Test
    void aSinksFirstFullPassRunsInTheBackground() throws Exception {
        String name = filled(1_000);
        FlakyAuditStoreProvider.Flaky store = FlakyAuditStoreProvider.store(name);
        CountDownLatch gate = new CountDownLatch(1);
        store.listingGate = gate;
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
        Map<String, Object> props = props(name);
        props.put("custody.sinks", List.of(Map.of("name", "lines", "type", "acme-lines",
                "properties", Map.of("path", home.resolve("out.ndjson").toString()))));
        try (TestServer api = TestServer.start(home, props)) {
            TestServer.Resp health = api.get("/health", null);
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        } finally {
            gate.countDown();
        }
    }
}
