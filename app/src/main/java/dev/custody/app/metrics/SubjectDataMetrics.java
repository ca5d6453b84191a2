package dev.custody.app.metrics;

import dev.custody.domain.privacy.SubjectDataListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deletions of subject data, as the counter {@code custody.subject_data.deleted} tagged by data type and
 * cause ({@code erasure}, {@code retention}). Tags never carry a subject or its pseudonym.
 */
public final class SubjectDataMetrics implements SubjectDataListener {

    private final MeterRegistry registry;

    public SubjectDataMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void deleted(String dataType, String cause, long count) {
        Counter.builder("custody.subject_data.deleted").description("Items of subject data deleted, by data type and cause")
                .tag("data_type", dataType).tag("cause", cause).register(registry).increment(count);
    }
}
