package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** How one {@link AuditRecord} becomes a row of {@code audit_records} and back. */
final class RecordRows {

    /** The columns a read selects, in the order {@link #read} expects. */
    static final String COLUMNS = "namespace, tenant, seq, id, prev_hash, record_hash, recorded_at, kind, action, "
            + "actor_type, actor_id, resource_type, resource_id, outcome, subject_id, record";

    private RecordRows() {
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
