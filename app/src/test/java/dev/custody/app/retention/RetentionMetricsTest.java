package dev.custody.app.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.retention.RetentionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetentionMetricsTest {

    @Test
    void customKinds_shareOneSeries_soClientsCannotGrowTheMetric() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RetentionMetrics metrics = new RetentionMetrics(registry);
        for (int run = 0; run < 50; run++) {
            Map<String, Long> warm = new TreeMap<>();
            warm.put("decision", 1L);
            for (int k = 0; k < 10; k++) {
                warm.put("x-tenant-" + run + "-kind-" + k, 2L);
            }
            metrics.completed(new RetentionResult(false, Instant.EPOCH, Duration.ofMillis(1), Map.of(),
                    Map.of("warm", warm, "subject_data", Map.of("conversation_checkpoints", 3L)), List.of(), List.of(),
                    Map.of()));
        }
        List<Counter> deleted = List.copyOf(registry.find("custody_retention_deleted_total").counters());
        assertThat(deleted).hasSize(3);
        assertThat(registry.get("custody_retention_deleted_total").tag("tier", "warm").tag("kind", "custom").counter().count())
                .isEqualTo(50 * 10 * 2);
        assertThat(registry.get("custody_retention_deleted_total").tag("kind", "decision").counter().count()).isEqualTo(50);
        assertThat(registry.get("custody_retention_deleted_total").tag("kind", "conversation_checkpoints").counter().count())
                .isEqualTo(150);
    }
}
