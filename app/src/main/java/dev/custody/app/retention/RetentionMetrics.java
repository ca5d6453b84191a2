package dev.custody.app.retention;

import dev.custody.domain.retention.RetentionListener;
import dev.custody.domain.retention.RetentionResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code custody_retention_deleted_total{tier,kind}}, {@code custody_retention_archived_total} and
 * {@code custody_retention_run_seconds{dry_run}}; dry runs are timed but delete nothing. {@code kind} is a built-in
 * record kind, a configured subject data type, or {@code custom} for every client-chosen {@code x-…} kind: a label
 * value a client can choose would make a series per value (issue 22).
 */
final class RetentionMetrics implements RetentionListener {

    /** The label value of every custom record kind. */
    static final String CUSTOM_KIND = "custom";

    private final MeterRegistry registry;

    RetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(RetentionResult result) {
        Timer.builder("custody_retention_run_seconds").tag("dry_run", Boolean.toString(result.dryRun()))
                .description("duration of retention runs").register(registry).record(result.took());
        if (result.dryRun()) {
            return;
        }
        result.deleted().forEach((tier, byKind) -> byKind.forEach((kind, n) ->
                registry.counter("custody_retention_deleted_total", "tier", tier, "kind", kindLabel(kind)).increment(n)));
        long archived = result.archived().values().stream().mapToLong(Long::longValue).sum();
        registry.counter("custody_retention_archived_total").increment(archived);
    }

    /** {@code custom} for a custom record kind ({@code x-…}, chosen by clients); any other kind as it is. */
    static String kindLabel(String kind) {
        return kind.startsWith("x-") ? CUSTOM_KIND : kind;
    }
}
