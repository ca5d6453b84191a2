package dev.custody.app.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The result of a benchmark with its settings, as text for people or one JSON object for scripts. */
final class BenchSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String target;
    private final Map<String, Object> settings;
    private final BenchRun.Outcome outcome;

    BenchSummary(String target, Map<String, Object> settings, BenchRun.Outcome outcome) {
        this.target = target;
        this.settings = settings;
        this.outcome = outcome;
    }

    double seconds() {
        return outcome.nanos() / 1e9;
    }

    double eventsPerSecond() {
        return outcome.events() / seconds();
    }

    double requestsPerSecond() {
        return outcome.requests() / seconds();
    }

    /** A latency percentile in milliseconds; 0 when nothing succeeded. */
    double latencyMs(double percentile) {
        Histogram h = outcome.latencies();
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    double maxLatencyMs() {
        Histogram h = outcome.latencies();
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e6;
    }

    String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("target:    %s%n", target));
        s.append(String.format("settings:  %s%n", settings.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
        s.append(String.format("events:    %,d in %.2f s = %,.0f events/s%n", outcome.events(), seconds(), eventsPerSecond()));
        s.append(String.format("appends:   %,d = %,.1f appends/s%n", outcome.requests(), requestsPerSecond()));
        s.append(String.format("latency:   p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (per append)%n",
                latencyMs(50), latencyMs(95), latencyMs(99), maxLatencyMs()));
        s.append(String.format("errors:    %,d%s%n", outcome.errors(),
                outcome.firstError() == null ? "" : " (first: " + outcome.firstError() + ")"));
        return s.toString();
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("events", outcome.events());
        m.put("seconds", round(seconds()));
        m.put("events_per_second", round(eventsPerSecond()));
        m.put("requests", outcome.requests());
        m.put("requests_per_second", round(requestsPerSecond()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(latencyMs(50)));
        latency.put("p95", round(latencyMs(95)));
        latency.put("p99", round(latencyMs(99)));
        latency.put("max", round(maxLatencyMs()));
        m.put("latency_ms", latency);
        m.put("errors", outcome.errors());
        m.put("first_error", outcome.firstError());
        m.put("settings", settings);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark summary", e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
