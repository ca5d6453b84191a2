package dev.custody.adapters.postgres;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendBatches;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/** The reads of {@link PostgresAuditStore}: short keyset queries, each on a pooled connection. */
final class RecordReads {

    private static final int STREAM_PAGE = 1_000;
    private static final int JSON_PAGE = 5_000;

    private final StoreContext db;
    private final String schema;

    RecordReads(StoreContext db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        requireNonNull(chain, "chain is null");
        AppendBatches.checkRange(fromSeq, toSeq);
        String sql = "SELECT " + RecordRows.COLUMNS + " FROM " + schema
                + ".audit_records WHERE namespace = ? AND tenant = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
        return KeysetPages.stream((after, to, limit) -> page(chain, sql, after, to, limit, RecordRows::read),
                AuditRecord::seq, fromSeq, toSeq, STREAM_PAGE);
    }

    Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        requireNonNull(chain, "chain is null");
        AppendBatches.checkRange(fromSeq, toSeq);
        String sql = "SELECT seq, record FROM " + schema
                + ".audit_records WHERE namespace = ? AND tenant = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
        return KeysetPages.stream((after, to, limit) -> page(chain, sql, after, to, limit,
                        rs -> new SeqJson(rs.getLong(1), rs.getString(2))), SeqJson::seq, fromSeq, toSeq, JSON_PAGE)
                .map(SeqJson::json);
    }

    private record SeqJson(long seq, String json) {
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> page(ChainId chain, String sql, long after, long to, int limit, RowReader<T> reader) {
        try {
            return db.sql(sql, ps -> {
                bindChain(ps, chain);
                ps.setLong(3, after);
                ps.setLong(4, to);
                ps.setInt(5, limit);
                List<T> out = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("read", chain, e);
        }
    }

    RecordPage query(RecordQuery query) {
        return query("audit_records", query);
    }

    /** A page of {@code table}, {@code audit_records} or {@code restored_records}. */
    RecordPage query(String table, RecordQuery query) {
        requireNonNull(query, "query is null");
        QuerySql q = QuerySql.of(schema, table, query);
        try {
            List<AuditRecord> matches = db.sql(q.sql, ps -> {
                q.bind(ps);
                List<AuditRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(RecordRows.read(rs));
                    }
                }
                return out;
            });
            return RecordPage.fromLookahead(matches, query.limit());
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("query", query.chain(), e);
        }
    }

    Optional<AuditRecord> findById(String id) {
        requireNonNull(id, "id is null");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!uuid.toString().equals(id)) {
            return Optional.empty();
        }
        try {
            return db.sql("SELECT " + RecordRows.COLUMNS + " FROM " + schema
                    + ".audit_records WHERE id = ? LIMIT 1", ps -> {
                        ps.setObject(1, uuid);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(RecordRows.read(rs)) : Optional.<AuditRecord>empty();
                        }
                    });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("findById " + id, null, e);
        }
    }

    Set<ChainId> chains() {
        try {
            return db.sql("SELECT namespace, tenant FROM " + schema + ".chain_heads", ps -> {
                Set<ChainId> out = new TreeSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(ChainId.of(rs.getString(1), rs.getString(2)));
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("chains", null, e);
        }
    }

    private static void bindChain(PreparedStatement ps, ChainId chain) throws SQLException {
        ps.setString(1, chain.namespace());
        ps.setString(2, chain.tenant());
    }
}
