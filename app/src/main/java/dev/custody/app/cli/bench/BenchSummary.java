package dev.custody.app.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The result of a benchmark with its settings, as text for people or one JSON object for scripts. */
final class BenchSummary {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double KB_PER_MB = 1024.0;

    private final String target;
    private final Map<String, Object> settings;
    private final BenchRun.Outcome outcome;
    private final ServerWatch.Figures server;

    /** @param server what {@code --watch-pid} saw, or null */
    BenchSummary(String target, Map<String, Object> settings, BenchRun.Outcome outcome, ServerWatch.Figures server) {
        this.target = target;
        this.settings = settings;
        this.outcome = outcome;
        this.server = server;
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
        return ms(outcome.latencies(), percentile);
    }

    double maxLatencyMs() {
        return ms(outcome.latencies(), 100);
    }

    private static double ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return 0;
        }
        return (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1e6;
    }

    String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("target:    %s%n", target));
        s.append(String.format("settings:  %s%n", settings.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        s.append(String.format("events:    %,d in %.2f s = %,.0f events/s%n", outcome.events(), seconds(), eventsPerSecond()));
        s.append(String.format("appends:   %,d = %,.1f appends/s%n", outcome.requests(), requestsPerSecond()));
        s.append(String.format("latency:   %s (per append)%n", percentiles(outcome.latencies())));
        if (outcome.firstVisits() != null) {
            s.append(String.format("new chain: %s (%,d appends of the first round)%n", percentiles(outcome.firstVisits()),
                    outcome.firstVisits().getTotalCount()));
            s.append(String.format("revisit:   %s (%,d appends of later rounds)%n", percentiles(outcome.revisits()),
                    outcome.revisits().getTotalCount()));
        }
        s.append(String.format("errors:    %,d%s%n", outcome.errors(),
                outcome.firstError() == null ? "" : " (first: " + outcome.firstError() + ")"));
        if (!outcome.errorsByKind().isEmpty()) {
            s.append(String.format("by kind:   %s%n", outcome.errorsByKind().entrySet().stream()
                    .map(e -> String.format("%s: %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "))));
        }
        if (server != null) {
            s.append(String.format("server:    pid %d, %d samples: open fds %,d at start, max %,d, at end %,d (limit %s); "
                            + "RSS max %,.0f MB, at end %,.0f MB, peak (VmHWM) %,.0f MB%s%s%n", server.pid(), server.samples(),
                    server.fdsFirst(), server.fdsMax(), server.fdsLast(), limit(server.fdLimit()),
                    server.rssMaxKb() / KB_PER_MB, server.rssLastKb() / KB_PER_MB, server.hwmKb() / KB_PER_MB,
                    server.postgres() == null ? "" : String.format("; PostgreSQL connections %d at start, max %d, at end %d",
                            server.postgres().first(), server.postgres().max(), server.postgres().last()),
                    server.problem() == null ? "" : "; " + server.problem()));
        }
        return s.toString();
    }

    private static String percentiles(Histogram h) {
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", ms(h, 50), ms(h, 95), ms(h, 99), ms(h, 100));
    }

    private static String limit(long fdLimit) {
        return fdLimit < 0 ? "unknown" : fdLimit == Long.MAX_VALUE ? "unlimited" : String.format("%,d", fdLimit);
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("events", outcome.events());
        m.put("seconds", round(seconds()));
        m.put("events_per_second", round(eventsPerSecond()));
        m.put("requests", outcome.requests());
        m.put("requests_per_second", round(requestsPerSecond()));
        m.put("latency_ms", latency(outcome.latencies()));
        if (outcome.firstVisits() != null) {
            m.put("new_chain_latency_ms", latency(outcome.firstVisits()));
            m.put("revisit_latency_ms", latency(outcome.revisits()));
        }
        m.put("errors", outcome.errors());
        m.put("errors_by_kind", outcome.errorsByKind());
        m.put("first_error", outcome.firstError());
        if (server != null) {
            m.put("server", server());
        }
        m.put("settings", settings);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark summary", e);
        }
    }

    private static Map<String, Object> latency(Histogram h) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", h.getTotalCount());
        latency.put("p50", round(ms(h, 50)));
        latency.put("p95", round(ms(h, 95)));
        latency.put("p99", round(ms(h, 99)));
        latency.put("max", round(ms(h, 100)));
        return latency;
    }

    private Map<String, Object> server() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", server.pid());
        m.put("samples", server.samples());
        Map<String, Object> fds = new LinkedHashMap<>();
        fds.put("start", server.fdsFirst());
        fds.put("max", server.fdsMax());
        fds.put("final", server.fdsLast());
        fds.put("limit", server.fdLimit() == Long.MAX_VALUE ? null : server.fdLimit());
        m.put("fds", fds);
        Map<String, Object> rss = new LinkedHashMap<>();
        rss.put("max", round(server.rssMaxKb() / KB_PER_MB));
        rss.put("final", round(server.rssLastKb() / KB_PER_MB));
        rss.put("peak_hwm", round(server.hwmKb() / KB_PER_MB));
        m.put("rss_mb", rss);
        if (server.postgres() != null) {
            Map<String, Object> pg = new LinkedHashMap<>();
            pg.put("start", server.postgres().first());
            pg.put("max", server.postgres().max());
            pg.put("final", server.postgres().last());
            m.put("postgres_connections", pg);
        }
        m.put("problem", server.problem());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
