package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The {@code restored_records} table: verified records brought back from a cold archive, append-only. */
final class PostgresRestoredRecords implements RestoredRecords {

    private static final int BATCH = 1000;

    private final StoreContext db;
    private final String schema;
    private final RecordReads reads;

    PostgresRestoredRecords(StoreContext db, String schema) {
        this.db = db;
        this.schema = schema;
        this.reads = new RecordReads(db, schema);
    }

    /**
     * Through the schema's {@code restore_records}, which adds a record only if it is the one the chain holds at its
     * seq and takes every column from the stored line (change set 008, ADR 0091). Parts of {@value #BATCH} go highest
     * seq first, so that a record can be checked against the {@code prev_hash} of the record after it.
     */
    @Override
    public long put(ChainId chain, List<AuditRecord> records) {
        List<String> lines = records.stream().sorted(Comparator.comparingLong(AuditRecord::seq).reversed())
                .map(AuditRecord::json).toList();
        long added = 0;
        try {
            for (int from = 0; from < lines.size(); from += BATCH) {
                String part = AppendSql.arrayLiteral(lines.subList(from, Math.min(lines.size(), from + BATCH)).toArray(String[]::new));
                added += db.sql("SELECT " + schema + ".restore_records(?, ?, ?::text[])", ps -> {
                    ps.setString(1, chain.namespace());
                    ps.setString(2, chain.tenant());
                    ps.setString(3, part);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
            }
            return added;
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("restore of " + records.size() + " records", chain, e);
        }
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
