package dev.custody.adapters.postgres;

import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code custody_log} table: one append-only row per archived or restored range, added only through the
 * schema's {@code record_custody_range}, which refuses a row that does not describe records of the chain.
 */
final class PostgresCustodyLog implements CustodyLog {

    private final StoreContext db;
    private final String schema;

    PostgresCustodyLog(StoreContext db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    @Override
    public boolean append(CustodyRange r) {
        try {
            // through the schema's function, which checks the row against the chain (change set 008, ADR 0091)
            return db.sql("SELECT " + schema + ".record_custody_range(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, r.chain().namespace());
                        ps.setString(2, r.chain().tenant());
                        ps.setLong(3, r.firstSeq());
                        ps.setLong(4, r.lastSeq());
                        ps.setString(5, r.stage().wireName());
                        ps.setObject(6, r.ts().atOffset(ZoneOffset.UTC));
                        ps.setString(7, r.location());
                        ps.setString(8, r.actor());
                        ps.setString(9, r.recordsRoot());
                        ps.setString(10, r.hash());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getBoolean(1);
                        }
                    });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("custody log append", r.chain(), e);
        }
    }

    @Override
    public List<CustodyRange> ranges(ChainId chain) {
        return select(chain, "", -1);
    }

    @Override
    public List<CustodyRange> covering(ChainId chain, long seq) {
        return select(chain, " AND first_seq <= ? AND last_seq >= ?", seq);
    }

    private List<CustodyRange> select(ChainId chain, String where, long seq) {
        try {
            return db.sql("SELECT first_seq, last_seq, stage, ts, location, actor, records_root, hash FROM " + schema
                    + ".custody_log WHERE namespace = ? AND tenant = ?" + where + " ORDER BY id", ps -> {
                        ps.setString(1, chain.namespace());
                        ps.setString(2, chain.tenant());
                        if (seq >= 0) {
                            ps.setLong(3, seq);
                            ps.setLong(4, seq);
                        }
                        List<CustodyRange> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(new CustodyRange(chain, rs.getLong(1), rs.getLong(2), CustodyStage.fromWire(rs.getString(3)),
                                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
                                        rs.getString(7), rs.getString(8)));
                            }
                        }
                        return out;
                    });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("custody log read", chain, e);
        }
    }
}
