package dev.custody.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.plugins.PluginSettings;
import dev.custody.domain.delivery.DeliverySettings;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.value.MapPropertyResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink settings of docs/plugins.md §4: defaults, limits, and "retry forever". */
class PluginConfigBinderTest {

    private static PluginSettings bind(Map<String, Object> sink) {
        return PluginConfigBinder.bind(new MapPropertyResolver(Map.of("custody.sinks", List.of(sink))), Path.of("/home"));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DeliverySettings s = bind(Map.of("name", "siem", "type", "syslog")).sinks().get(0).settings();
        assertThat(s).isEqualTo(DeliverySettings.DEFAULT);
        assertThat(s.maxBatchRecords()).isEqualTo(500);
        assertThat(s.maxBatchBytes()).isEqualTo(1 << 20);
        assertThat(s.linger()).hasMillis(200);
        assertThat(s.initialBackoff()).hasMillis(500);
        assertThat(s.maxBackoff()).hasSeconds(60);
        assertThat(s.maxAttempts()).isEqualTo(10);
        assertThat(s.failClosed()).isFalse();
        assertThat(s.pollInterval()).hasSeconds(5);
    }

    @Test
    void retryForever_isMaxAttemptsUnlimited() {
        DeliverySettings s = bind(Map.of("name", "siem", "type", "syslog", "retry", Map.of("max-attempts", "unlimited")))
                .sinks().get(0).settings();
        assertThat(s.maxAttempts()).isEqualTo(PluginConfigBinder.UNLIMITED_ATTEMPTS).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> bind(Map.of("name", "siem", "type", "syslog", "retry", Map.of("max-attempts", "forever"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.sinks[0].retry.max-attempts=forever: must be an integer (or unlimited)");
    }

    @Test
    void sinkPropertiesReachTheProviderUnresolved_soOnlySecretsReadTheEnvironment() {
        DefaultEnvironment env = new DefaultEnvironment(() -> List.of("test"));
        env.addPropertySource(PropertySource.of("test", Map.of("custody.sinks", List.of(Map.of("name", "siem",
                "type", "splunk-hec", "properties", Map.of("token", "${HEC_TOKEN}", "index", "${HOME}"))))));
        env.start();
        try {
            Map<String, String> properties = PluginConfigBinder.bind(env, Path.of("/home")).sinks().get(0).properties();
            // ProviderConfig.secret("token") resolves ${HEC_TOKEN}; a property that is no secret stays as written
            assertThat(properties).containsEntry("token", "${HEC_TOKEN}").containsEntry("index", "${HOME}");
        } finally {
            env.stop();
        }
    }
}
