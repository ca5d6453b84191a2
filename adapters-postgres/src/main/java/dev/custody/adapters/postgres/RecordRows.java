package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** How one {@link AuditRecord} becomes a row of {@code audit_records} and back. */
final class RecordRows {

    /** The columns a read selects, in the order {@link #read} expects. */
    static final String COLUMNS = "namespace, tenant, seq, id, prev_hash, record_hash, recorded_at, kind, action, "
            + "actor_type, actor_id, resource_type, resource_id, outcome, subject_id, record";

    private RecordRows() {
    }

    /**
     * The multi-row-friendly INSERT; payload and occurred_at are taken from the record itself by PostgreSQL
     * (jsonb cannot hold U+0000, so a record containing one keeps its payload only in {@code record}).
     */
    static String insertSql(String schema) {
        return "INSERT INTO " + schema + ".audit_records (namespace, tenant, seq, id, prev_hash, record_hash, "
                + "recorded_at, kind, action, actor_type, actor_id, resource_type, resource_id, outcome, subject_id, "
                + "record, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "(?::jsonb) -> 'payload', (?::jsonb) ->> 'occurred_at')";
    }

    static void bind(PreparedStatement ps, AuditRecord r) throws SQLException {
        ps.setString(1, r.chain().namespace());
        ps.setString(2, r.chain().tenant());
        ps.setLong(3, r.seq());
        ps.setObject(4, UUID.fromString(r.id()));
        ps.setString(5, r.prevHash());
        ps.setString(6, r.recordHash());
        ps.setObject(7, OffsetDateTime.ofInstant(r.recordedAt(), ZoneOffset.UTC));
        ps.setString(8, r.kind());
        ps.setString(9, r.action());
        ps.setString(10, r.actor().type());
        ps.setString(11, r.actor().id());
        ps.setString(12, r.resource() == null ? null : r.resource().type());
        ps.setString(13, r.resource() == null ? null : r.resource().id());
        ps.setString(14, r.outcome());
        ps.setString(15, r.subjectId());
        ps.setString(16, r.json());
        String asJsonb = r.json().contains("\\u0000") ? null : r.json();
        if (asJsonb == null) {
            ps.setNull(17, Types.VARCHAR);
            ps.setNull(18, Types.VARCHAR);
        } else {
            ps.setString(17, asJsonb);
            ps.setString(18, asJsonb);
        }
    }

    /** The record at the cursor, read from {@link #COLUMNS}. */
    static AuditRecord read(ResultSet rs) throws SQLException {
        String resourceType = rs.getString(12);
        return new AuditRecord(
                ChainId.of(rs.getString(1), rs.getString(2)),
                rs.getLong(3),
                rs.getObject(4, UUID.class).toString(),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getString(8),
                rs.getString(9),
                new Ref(rs.getString(10), rs.getString(11)),
                resourceType == null ? null : new Ref(resourceType, rs.getString(13)),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16));
    }
}
