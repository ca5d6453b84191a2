package dev.custody.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.testing.CapturedLogs;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.delivery.DeliverySettings;
import dev.custody.domain.delivery.SinkConfig;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service hands a sink besides its properties: a logger that writes into the service's own log under the
 * sink's name, counters exported with the service's metrics, and secrets read from files without ever printing them.
 */
class PluginTelemetryTest {

    @TempDir
    Path home;

    /** A sink provider as a plugin writes one: it reads a secret, logs through the context and counts. */
    static final class TalkativeProvider implements AuditSinkProvider {
        @Override
        public String name() {
            return "acme";
        }

        @Override
        public int spiVersion() {
            return SpiVersion.CURRENT;
        }

        @Override
        public AuditSink create(ProviderConfig config, ProviderContext context) {
            config.rejectUnknownKeys(java.util.Set.of("token"));
            String token = config.requireSecret("token");
            context.logger().log(Level.INFO, "acme connects with a token of {0} characters", token.length());
            context.logger().log(Level.DEBUG, "not shown at INFO");
            var sent = context.metrics().counter("batches_sent", "Batches acme sent");
            return new AuditSink() {
                @Override
                public void deliver(ChainId chain, List<AuditRecord> batch) {
                    sent.increment();
                    context.logger().log(Level.WARNING, "acme sent {0} records of {1}", batch.size(), chain);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final MemoryAuditStore store = new MemoryAuditStore();

    private DeliveryEngine engine(Map<String, String> properties, SimpleMeterRegistry registry) {
        PluginSettings settings = new PluginSettings(home.resolve("plugins"),
                List.of(new SinkConfig("siem", "acme", properties, DeliverySettings.DEFAULT))).withMeters(PluginMeters.of(registry));
        return SinkWiring.engine(store, home, settings,
                List.of(new PluginDirectory.Found<>(new TalkativeProvider(), "plugins/acme.jar", getClass().getClassLoader())),
                DeliveryListener.NONE, Clock.systemUTC());
    }

    @Test
    void aSinkLogsIntoTheServicesLog_underItsName_andCountsIntoTheServicesMetrics() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path token = Files.writeString(home.resolve("acme-token"), "t0k3n-from-a-file\n");
        ChainId chain = ChainId.of("billing", "acme");
        try (CapturedLogs logs = new CapturedLogs(); ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
                DeliveryEngine engine = engine(Map.of("token-file", token.toString()), registry)) {
            engine.start();
            appender.append(List.of(AuditEvent.builder(chain).kind("access").action("read").actor("user", "alice")
                    .outcome("success").build()));
            engine.wake(chain);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (engine.status().get(0).delivered() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(logs.all()).contains("custody.plugin.acme.siem acme connects with a token of 17 characters",
                    "custody.plugin.acme.siem acme sent 1 records of billing/acme")
                    .doesNotContain("not shown at INFO").doesNotContain("t0k3n-from-a-file");
        }
        // exported with the service's own metrics: custody_plugin_batches_sent_total{plugin="acme",sink="siem"} 1
        assertThat(registry.get("custody.plugin.batches_sent").tag("plugin", "acme").tag("sink", "siem").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aSinksCountersCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var metrics = PluginMeters.of(registry).forSink("syslog", "siem");
        metrics.counter("oversized_records", "Records sent as a reference").increment();
        metrics.counter("oversized_records", "Records sent as a reference").increment(2);
        assertThat(registry.get("custody.plugin.oversized_records").tag("plugin", "syslog").tag("sink", "siem").counter().count())
                .isEqualTo(3.0);
        assertThat(metrics.counter("oversized_records", "").count()).isEqualTo(3);
    }

    @Test
    void aMissingSecretStopsStartup_namingTheKeyAndNeverTheValue() {
        assertThatThrownBy(() -> engine(Map.of("token", "${CUSTODY_NOT_SET_FOR_ANY_TEST}"), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.sinks[0].properties.token=${CUSTODY_NOT_SET_FOR_ANY_TEST}: "
                        + "the environment variable CUSTODY_NOT_SET_FOR_ANY_TEST is not set or empty");
    }
}
