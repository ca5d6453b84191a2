package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

    private static final String PREFIX = "custody.storage.primary.properties.";

    private static ProviderConfig config(Map<String, String> props) {
        return ProviderConfig.of(PREFIX, props);
    }

    @Test
    void typedGettersWithDefaults() {
        ProviderConfig c = config(Map.of("dir", " /data ", "pool-size", "8", "migrate", "TRUE", "timeout", "250ms",
                "keep", "P7D", "blank", "  "));
        assertThat(c.path("dir", Path.of("x"))).isEqualTo(Path.of("/data"));
        assertThat(c.integer("pool-size", 4, 1, 64)).isEqualTo(8);
        assertThat(c.bool("migrate", false)).isTrue();
        assertThat(c.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.duration("keep", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(c.string("blank")).isEmpty();
        assertThat(c.string("absent", "fallback")).isEqualTo("fallback");
        assertThat(c.integer("absent", 4, 1, 64)).isEqualTo(4);
    }

    @Test
    void badValuesNameTheFullKeyAndValue() {
        ProviderConfig c = config(Map.of("pool-size", "many", "migrate", "yes", "timeout", "soon", "n", "0"));
        assertThatThrownBy(() -> c.integer("pool-size")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for " + PREFIX + "pool-size=many: must be an integer");
        assertThatThrownBy(() -> c.bool("migrate")).hasMessage("Invalid value for " + PREFIX + "migrate=yes: must be true or false");
        assertThatThrownBy(() -> c.duration("timeout")).hasMessageStartingWith("Invalid value for " + PREFIX + "timeout=soon");
        assertThatThrownBy(() -> c.integer("n", 4, 1, 64)).hasMessage("Invalid value for " + PREFIX + "n=0: must be between 1 and 64");
        assertThatThrownBy(() -> c.requireString("url")).hasMessage("Missing required property " + PREFIX + "url");
    }

    @Test
    void durationsBeyondWhatADurationHolds_areInvalidValues() {
        ProviderConfig c = config(Map.of("a", "999999999999999d", "b", "P999999999999999D", "c", "9999999999999999s"));
        for (String key : new String[] {"a", "b", "c"}) {
            assertThatThrownBy(() -> c.duration(key)).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid value for " + PREFIX + key + "=");
        }
    }

    @Test
    void unknownKeysAreRejectedNamingThem() {
        ProviderConfig c = config(Map.of("dir", "/x", "dri", "/y"));
        assertThatThrownBy(() -> c.rejectUnknownKeys(Set.of("dir")))
                .hasMessageContaining(PREFIX + "dri").hasMessageContaining("known: [dir]");
    }

    @Test
    void toStringMasksSecrets() {
        ProviderConfig c = config(Map.of("password", "hunter2", "api-token", "t0k", "url", "jdbc:x"));
        assertThat(c.toString()).doesNotContain("hunter2", "t0k").contains("jdbc:x");
    }
}
