package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The {@code restored_records} table: verified records brought back from a cold archive, append-only. */
final class PostgresRestoredRecords implements RestoredRecords {

    private static final int BATCH = 1000;
    private static final int COLUMNS = 16;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final StoreContext db;
    private final String schema;
    private final RecordReads reads;

    PostgresRestoredRecords(StoreContext db, String schema) {
        this.db = db;
        this.schema = schema;
        this.reads = new RecordReads(db, schema);
    }

    @Override
    public long put(ChainId chain, List<AuditRecord> records) {
        long added = 0;
        try {
            for (int from = 0; from < records.size(); from += BATCH) {
                List<AuditRecord> part = records.subList(from, Math.min(records.size(), from + BATCH));
                // one multi-row INSERT per part: its update count is the rows added (a JDBC batch under
                // reWriteBatchedInserts answers SUCCESS_NO_INFO instead)
                String rows = String.join(", ", java.util.Collections.nCopies(part.size(), ROW));
                added += db.sql("INSERT INTO " + schema + ".restored_records (" + RecordRows.COLUMNS + ") VALUES " + rows
                        + " ON CONFLICT (namespace, tenant, seq) DO NOTHING", ps -> {
                            int offset = 0;
                            for (AuditRecord r : part) {
                                bind(ps, offset, r);
                                offset += COLUMNS;
                            }
                            return (long) ps.executeUpdate();
                        });
            }
            return added;
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("restore of " + records.size() + " records", chain, e);
        }
    }

    private static void bind(PreparedStatement ps, int offset, AuditRecord r) throws java.sql.SQLException {
        ps.setString(offset + 1, r.chain().namespace());
        ps.setString(offset + 2, r.chain().tenant());
        ps.setLong(offset + 3, r.seq());
        ps.setObject(offset + 4, UUID.fromString(r.id()));
        ps.setString(offset + 5, r.prevHash());
        ps.setString(offset + 6, r.recordHash());
        ps.setObject(offset + 7, r.recordedAt().atOffset(ZoneOffset.UTC));
        ps.setString(offset + 8, r.kind());
        ps.setString(offset + 9, r.action());
        ps.setString(offset + 10, r.actor().type());
        ps.setString(offset + 11, r.actor().id());
        ps.setString(offset + 12, r.resource() == null ? null : r.resource().type());
        ps.setString(offset + 13, r.resource() == null ? null : r.resource().id());
        ps.setString(offset + 14, r.outcome());
        ps.setString(offset + 15, r.subjectId());
        ps.setString(offset + 16, r.json());
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        try {
            List<String> out = db.sql("SELECT record FROM " + schema + ".restored_records WHERE namespace = ? AND tenant = ? "
                    + "AND seq BETWEEN ? AND ? ORDER BY seq", ps -> {
                        ps.setString(1, chain.namespace());
                        ps.setString(2, chain.tenant());
                        ps.setLong(3, fromSeq);
                        ps.setLong(4, toSeq);
                        List<String> lines = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                lines.add(rs.getString(1));
                            }
                        }
                        return lines;
                    });
            return out.stream();
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("read restored records", chain, e);
        }
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return reads.query("restored_records", query);
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            return db.sql("SELECT " + RecordRows.COLUMNS + " FROM " + schema + ".restored_records WHERE id = ? LIMIT 1", ps -> {
                ps.setObject(1, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RecordRows.read(rs)) : Optional.<AuditRecord>empty();
                }
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("findById in restored records " + id, null, e);
        }
    }
}
