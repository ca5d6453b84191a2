package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProviderContextTest {

    @Test
    void aContextBuiltWithoutLoggerOrMetrics_logsToTheJdkLoggerAndCountsInMemory() {
        ProviderContext c = ProviderContext.of(Path.of("home"));
        assertThat(c.logger().getName()).isEqualTo(ProviderContext.DEFAULT_LOGGER);
        c.metrics().counter("oversized_records", "records sent as a reference").increment();
        c.metrics().counter("oversized_records", "records sent as a reference").increment(2);
        assertThat(c.metrics().counter("oversized_records", "").count()).isEqualTo(3);
    }

    @Test
    void withLoggerAndWithMetricsKeepTheRest() {
        ProviderContext c = ProviderContext.of(Path.of("home"));
        ProviderMetrics m = ProviderMetrics.inMemory();
        ProviderContext d = c.withLogger(System.getLogger("custody.plugin.acme")).withMetrics(m);
        assertThat(d.logger().getName()).isEqualTo("custody.plugin.acme");
        assertThat(d.metrics()).isSameAs(m);
        assertThat(d.home()).isEqualTo(c.home());
        assertThat(d.clock()).isEqualTo(c.clock());
    }

    @Test
    void counterNamesAndIncrementsAreChecked() {
        ProviderMetrics m = ProviderMetrics.inMemory();
        assertThatThrownBy(() -> m.counter("Oversized-Records", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter name must match");
        assertThatThrownBy(() -> m.counter("ok", "").increment(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
