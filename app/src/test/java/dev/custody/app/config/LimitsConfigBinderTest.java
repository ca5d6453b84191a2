package dev.custody.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.config.IngestLimits;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custody.limits}: the defaults, every limit bound, and a value beyond its ceiling refused naming it. */
class LimitsConfigBinderTest {

    @TempDir
    Path home;

    @Test
    void defaults_areRecordLimitsDefault() {
        assertThat(bind(Map.of()).event().record()).isEqualTo(RecordLimits.DEFAULT);
    }

    @Test
    void everyLimit_binds_andTheStringLimitFollowsTheRecordSizeUnlessSet() {
        IngestLimits l = bind(Map.of("custody.limits.max-event-bytes", "200000", "custody.limits.max-depth", "40",
                "custody.limits.max-name-chars", "60000", "custody.limits.max-number-chars", "64"));
        assertThat(l.event().record()).isEqualTo(new RecordLimits(200_000, 40, 60_000, 200_000, 64));
        assertThat(bind(Map.of("custody.limits.max-string-chars", "4096")).event().record().maxStringChars()).isEqualTo(4096);
    }

    @Test
    void aLimitBeyondItsCeiling_isRefusedNamingIt() {
        assertThatThrownBy(() -> bind(Map.of("custody.limits.max-event-bytes", String.valueOf(32 << 20))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxRecordBytes must be between 1024 and 16777216");
        assertThatThrownBy(() -> bind(Map.of("custody.limits.max-depth", "1000"))).hasMessageContaining("maxDepth must be between 3 and 256");
        assertThatThrownBy(() -> bind(Map.of("custody.limits.max-name-chars", "70000")))
                .hasMessageContaining("maxNameChars must be between 16 and 65536").hasMessageContaining("max-name-chars");
        assertThatThrownBy(() -> bind(Map.of("custody.limits.max-number-chars", "5000"))).hasMessageContaining("maxNumberChars");
    }

    private IngestLimits bind(Map<String, Object> limits) {
        Map<String, Object> props = new HashMap<>(limits);
        props.put("custody.home", home.toString());
        return ConfigBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("test", props))).limits();
    }
}
