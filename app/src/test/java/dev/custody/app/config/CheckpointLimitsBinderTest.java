package dev.custody.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.config.CheckpointLimits;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code custody.subject-data.max-checkpoint-bytes} and {@code max-checkpoints-per-tenant}: defaults, values, refusals. */
class CheckpointLimitsBinderTest {

    @Test
    void defaults_256KiBAndTenThousandPerChain() {
        assertThat(bind(Map.of())).isEqualTo(new CheckpointLimits(262_144, 10_000));
    }

    @Test
    void values_bind() {
        assertThat(bind(Map.of("custody.subject-data.max-checkpoint-bytes", "4096",
                "custody.subject-data.max-checkpoints-per-tenant", "12"))).isEqualTo(new CheckpointLimits(4096, 12));
    }

    @Test
    void badValues_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("custody.subject-data.max-checkpoint-bytes", "256KiB")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.subject-data.max-checkpoint-bytes=256KiB");
        assertThatThrownBy(() -> bind(Map.of("custody.subject-data.max-checkpoint-bytes", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.subject-data.max-checkpoint-bytes=0");
        assertThatThrownBy(() -> bind(Map.of("custody.subject-data.max-checkpoints-per-tenant", "-1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.subject-data.max-checkpoints-per-tenant=-1");
    }

    private static CheckpointLimits bind(Map<String, Object> props) {
        return PrivacyBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("test", props))).checkpoints();
    }
}
