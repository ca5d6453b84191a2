package dev.custody.app.bench;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.PreparedEvent;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Jcs;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordQuery;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads {@code rows} records as {@code chains} valid chains by COPY (records built and hashed by the
 * domain's encoder, spread over 60 days), then measures a 24-hour window query with one filter (p50/p95 of
 * 200 random windows through the store's query) and the full verification of one chain (records/s).
 */
final class PostgresQueryBenchmark {

    static final Duration SPAN = Duration.ofDays(60);
    private static final int BATCH = 10;   // records sharing one recorded_at, as a group commit would

    private final PostgresBenchmarks bench;

    PostgresQueryBenchmark(PostgresBenchmarks bench) {
        this.bench = bench;
    }

    void run(int rows, int chains) throws Exception {
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        int perChain = rows / chains;
        try (AuditStore store = bench.openStore(8)) {   // creates the schema
            long t0 = System.nanoTime();
            try (Connection c = bench.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT " + bench.schema + ".ensure_partitions(DATE '2026-09-01', 3)");
                for (int k = 0; k < chains; k++) {
                    load(c, ChainId.of("bench", "load-" + k), perChain, start);
                }
                s.execute("ANALYZE " + bench.schema + ".audit_records");
            }
            double loadSecs = (System.nanoTime() - t0) / 1e9;
            bench.out.printf("postgres load: %,d records in %d chains by COPY (built, hashed, copied): %.0f s, %,.0f rows/s%n",
                    (long) perChain * chains, chains, loadSecs, perChain * (double) chains / loadSecs);
            query(store, chains, start);
            ChainId one = ChainId.of("bench", "load-0");
            Verification v = null;
            double rate = 0;
            for (int round = 0; round < 2; round++) {   // the second round is reported: JIT and caches warm
                long v0 = System.nanoTime();
                v = new ChainVerifier().verify(store, one);
                rate = v.recordsChecked() / ((System.nanoTime() - v0) / 1e9);
            }
            if (!v.valid() || v.recordsChecked() != perChain) {
                throw new IllegalStateException("the loaded chain did not verify: " + v.reason());
            }
            bench.out.printf("postgres verify: one chain of %,d records, full verification: %,.0f records/s%n",
                    v.recordsChecked(), rate);
        }
    }

    private void query(AuditStore store, int chains, Instant start) {
        Random random = new Random(42);
        long[] lat = new long[200];
        long matched = 0;
        for (int i = 0; i < lat.length; i++) {
            ChainId chain = ChainId.of("bench", "load-" + random.nextInt(chains));
            Instant from = start.plusSeconds(random.nextInt((int) SPAN.minusDays(1).toSeconds()));
            RecordQuery q = RecordQuery.builder(chain).from(from).to(from.plus(Duration.ofHours(24)))
                    .subjectId("u-" + random.nextInt(5000)).limit(RecordQuery.MAX_LIMIT).build();
            long t = System.nanoTime();
            matched += store.query(q).records().size();
            lat[i] = System.nanoTime() - t;
        }
        Arrays.sort(lat);
        bench.out.printf("postgres query: 24 h window + subject_id filter, one page of up to 1000, %d random queries: "
                + "p50 %.1f ms, p95 %.1f ms (target p95 < 1 s), %.1f matches per query%n", lat.length,
                PostgresBenchmarks.pct(lat, 50), PostgresBenchmarks.pct(lat, 95), matched / (double) lat.length);
    }

    /** Builds one valid chain of {@code n} records and streams it into audit_records with one COPY; sets its head. */
    void load(Connection c, ChainId chain, int n, Instant start) throws Exception {
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + bench.schema + ".audit_records (namespace, "
                + "tenant, seq, id, prev_hash, record_hash, recorded_at, kind, action, actor_type, actor_id, resource_type, "
                + "resource_id, outcome, subject_id, record, payload, occurred_at) FROM STDIN (FORMAT csv)");
        ChainTip tip = ChainTip.GENESIS;
        long step = SPAN.toNanos() / (n / BATCH + 1);
        StringBuilder sb = new StringBuilder(1 << 20);
        for (int i = 0; i < n; i += BATCH) {
            List<PreparedEvent> events = new ArrayList<>(BATCH);
            for (int k = i; k < Math.min(n, i + BATCH); k++) {
                events.add(encoder.prepare(BenchEvents.event(chain, k)));
            }
            Instant at = start.plusNanos(step * (i / BATCH)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            List<AuditRecord> records = encoder.encode(tip, events, at);
            for (int k = 0; k < records.size(); k++) {
                csvRow(sb, records.get(k), Jcs.canonicalize(BenchEvents.payload(i + k)));
            }
            tip = ChainTip.of(records.get(records.size() - 1));
            if (sb.length() > (1 << 20) - 4096 || i + BATCH >= n) {
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                sb.setLength(0);
            }
        }
        copy.endCopy();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + bench.schema
                + ".chain_heads (namespace, tenant, seq, record_hash, recorded_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, chain.namespace());
            ps.setString(2, chain.tenant());
            ps.setLong(3, tip.seq());
            ps.setString(4, tip.recordHash());
            ps.setObject(5, OffsetDateTime.ofInstant(tip.recordedAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private static void csvRow(StringBuilder sb, AuditRecord r, String payload) {
        csv(sb, r.chain().namespace()).append(',');
        csv(sb, r.chain().tenant()).append(',').append(r.seq()).append(',');
        csv(sb, r.id()).append(',');
        csv(sb, r.prevHash()).append(',');
        csv(sb, r.recordHash()).append(',');
        csv(sb, r.recordedAt().toString()).append(',');
        csv(sb, r.kind()).append(',');
        csv(sb, r.action()).append(',');
        csv(sb, r.actor().type()).append(',');
        csv(sb, r.actor().id()).append(',');
        csv(sb, r.resource() == null ? null : r.resource().type()).append(',');
        csv(sb, r.resource() == null ? null : r.resource().id()).append(',');
        csv(sb, r.outcome()).append(',');
        csv(sb, r.subjectId()).append(',');
        csv(sb, r.json()).append(',');
        csv(sb, payload).append(',');
        csv(sb, "2026-11-23T06:00:00.25Z").append('\n');
    }

    private static StringBuilder csv(StringBuilder sb, String v) {
        if (v == null) {
            return sb;   // unquoted empty: NULL
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        return sb.append('"');
    }
}
