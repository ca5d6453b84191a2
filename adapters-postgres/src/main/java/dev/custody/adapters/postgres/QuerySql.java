package dev.custody.adapters.postgres;

import dev.custody.ports.RecordQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one {@link RecordQuery} page: every filter given becomes a bound equality (or time bound),
 * each backed by an index ending in seq; the cursor is a keyset ({@code seq > afterSeq}), and one row
 * more than the limit is read to know whether another page follows.
 */
final class QuerySql {

    final String sql;
    private final List<Object> params;

    private QuerySql(String sql, List<Object> params) {
        this.sql = sql;
        this.params = params;
    }

    /** A page of {@code table}: {@code audit_records} or {@code restored_records}, which share these columns. */
    static QuerySql of(String schema, String table, RecordQuery q) {
        StringBuilder sql = new StringBuilder("SELECT ").append(RecordRows.COLUMNS).append(" FROM ").append(schema)
                .append('.').append(table).append(" WHERE namespace = ? AND tenant = ? AND seq > ?");
        List<Object> params = new ArrayList<>();
        params.add(q.chain().namespace());
        params.add(q.chain().tenant());
        params.add(q.afterSeq());
        if (q.from() != null) {
            sql.append(" AND recorded_at >= ?");
            params.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND recorded_at < ?");
            params.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        }
        equal(sql, params, "kind", q.kind());
        equal(sql, params, "action", q.action());
        equal(sql, params, "actor_id", q.actorId());
        equal(sql, params, "resource_type", q.resourceType());
        equal(sql, params, "resource_id", q.resourceId());
        equal(sql, params, "subject_id", q.subjectId());
        equal(sql, params, "outcome", q.outcome());
        sql.append(" ORDER BY seq LIMIT ?");
        params.add(q.limit() + 1);
        return new QuerySql(sql.toString(), params);
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
