package dev.custody.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.retention.RetentionSettings;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code custody.retention}: defaults, a full configuration, and each bad value refused naming its key. */
class RetentionConfigBinderTest {

    @Test
    void defaults_noPoliciesDailyAtThreeUtc() {
        RetentionSettings s = bind(Map.of());
        assertThat(s.policies().isEmpty()).isTrue();
        assertThat(s.schedule()).isEqualTo("0 0 3 * * *");
        assertThat(s.batchSize()).isEqualTo(10_000);
    }

    @Test
    void fullConfiguration_binds() {
        RetentionSettings s = bind(Map.of("custody.retention.policies", List.of(
                        Map.of("archive-after", "P1Y", "delete-after", "P7Y"),
                        Map.of("kind", "access", "delete-after", "P1Y")),
                "custody.retention.subject-data", Map.of("conversation_checkpoints", "P90D"),
                "custody.retention.schedule", "off", "custody.retention.batch-size", "500"));
        assertThat(s.policies().match("a", "b", "access").orElseThrow().deleteAfter().text()).isEqualTo("P1Y");
        assertThat(s.policies().match("a", "b", "decision").orElseThrow().deleteAfter().text()).isEqualTo("P7Y");
        assertThat(s.subjectData()).containsKey("conversation_checkpoints");
        assertThat(s.scheduled()).isFalse();
        assertThat(s.batchSize()).isEqualTo(500);
    }

    @Test
    void badValues_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("custody.retention.shedule", "x"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown property custody.retention.shedule");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.schedule", "daily")))
                .hasMessageContaining("Invalid value for custody.retention.schedule=daily");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.batch-size", "0")))
                .hasMessageContaining("custody.retention.batch-size=0");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.policies", List.of(Map.of("delete-after", "7 years")))))
                .hasMessageContaining("custody.retention.policies[0].delete-after=7 years");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.policies", List.of(Map.of("kind", "access", "archive-after", "P1Y")))))
                .hasMessageContaining("archive-after applies to whole chains");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.policies", List.of(Map.of("delete-after", "P1Y"),
                Map.of("delete-after", "P2Y"))))).hasMessageContaining("two retention policies for */*/*");
        assertThatThrownBy(() -> bind(Map.of("custody.retention.policies", List.of(Map.of("tennant", "x", "delete-after", "P1Y")))))
                .hasMessageContaining("Unknown property custody.retention.policies[0].tennant");
    }

    private static RetentionSettings bind(Map<String, Object> props) {
        return RetentionConfigBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("test", props)));
    }
}
