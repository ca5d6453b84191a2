package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The conditional append as ONE statement (one round trip, atomic in auto-commit, durable at its commit): the batch
 * is inserted from arrays, and the schema's statement trigger {@code advance_chain_heads} (change set 008, ADR 0092)
 * moves the chain head from exactly the record before the batch (seq and record_hash) to its last record, or creates
 * it for a first record. A concurrent writer's head update waits for the row lock and then re-checks the condition
 * against the committed head, so exactly one of two racing appends moves it; the other's statement fails with
 * {@code serialization_failure} (or {@code unique_violation} when both wrote the same seq at the same instant) and
 * stores nothing, which the caller reports as a conflict.
 */
final class AppendSql {

    private static final String[] COLUMNS = {"seq", "id", "prev_hash", "record_hash", "recorded_at", "kind", "action",
        "actor_type", "actor_id", "resource_type", "resource_id", "outcome", "subject_id", "record"};

    /** A batch did not follow the head: it moved (40001 from the trigger) or a rival wrote the same row (23505). */
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "23505");

    private final String insert;
    /**
     * The serialised append's last round trip: a savepoint, the insert and the commit, sent together. When the insert
     * fails, PostgreSQL skips the commit and the transaction rolls back to the savepoint, keeping the lock.
     */
    private final String insertAndCommit;

    AppendSql(String schema) {
        this.insert = "INSERT INTO " + schema + ".audit_records (namespace, tenant, seq, id, prev_hash, record_hash, "
                + "recorded_at, kind, action, actor_type, actor_id, resource_type, resource_id, outcome, subject_id, record, "
                + "payload, occurred_at) SELECT ?, ?, u.seq::bigint, u.id::uuid, u.prev_hash, u.record_hash, "
                + "u.recorded_at::timestamptz, u.kind, u.action, u.actor_type, u.actor_id, u.resource_type, u.resource_id, "
                + "u.outcome, u.subject_id, u.record, j.doc -> 'payload', j.doc ->> 'occurred_at' FROM unnest("
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(" + String.join(", ", COLUMNS)
                + ") CROSS JOIN LATERAL (SELECT CASE WHEN strpos(u.record, E'\\\\u0000') > 0 THEN NULL "
                // jsonb cannot hold U+0000: such a record keeps its payload only in "record"
                + "ELSE u.record::jsonb END AS doc) j";
        this.insertAndCommit = "SAVEPOINT " + SAVEPOINT + "; " + insert + "; COMMIT";
    }

    /** The savepoint {@link #appendAndCommit} sets before its insert; roll back to it after a conflict. */
    static final String SAVEPOINT = "custody_serialised_append";

    /**
     * Runs the append; true when the batch was stored, false when it did not follow the head (the tip had moved:
     * nothing stored). The expected tip is the record before the batch, which the batch links to.
     */
    boolean append(Connection c, ChainId chain, List<AuditRecord> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, chain, batch);
            int inserted = ps.executeUpdate();
            if (inserted != batch.size()) {
                throw new SQLException("append inserted " + inserted + " of " + batch.size() + " records");
            }
            return true;
        } catch (SQLException e) {
            if (CONFLICT_STATES.contains(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * In a transaction (auto-commit off): sets {@link #SAVEPOINT}, runs the append and commits, in one round trip.
     * True when the batch was stored and committed; false when it did not follow the head: nothing stored, the
     * transaction aborted, to be rolled back to the savepoint.
     */
    boolean appendAndCommit(Connection c, ChainId chain, List<AuditRecord> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertAndCommit)) {
            bind(ps, chain, batch);
            ps.execute();   // the savepoint's result
            ps.getMoreResults();
            int inserted = ps.getUpdateCount();
            if (inserted != batch.size()) {
                throw new SQLException("append inserted " + inserted + " of " + batch.size() + " records");
            }
            return true;
        } catch (SQLException e) {
            if (CONFLICT_STATES.contains(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, ChainId chain, List<AuditRecord> batch) throws SQLException {
        int i = 1;
        ps.setString(i++, chain.namespace());
        ps.setString(i++, chain.tenant());
        for (String[] column : columns(batch)) {
            ps.setString(i++, arrayLiteral(column));
        }
    }

    /**
     * A {@code text[]} literal: every element double-quoted with backslash and quote escaped, {@code NULL}
     * unquoted. Sent as one string and cast by the server; pgjdbc's {@code createArrayOf} grew its binary
     * buffer element by element and cost most of the client's CPU per append.
     */
    static String arrayLiteral(String[] elements) {
        int size = 2;
        for (String e : elements) {
            size += e == null ? 5 : e.length() + 3;
        }
        StringBuilder sb = new StringBuilder(size + 16).append('{');
        for (int k = 0; k < elements.length; k++) {
            if (k > 0) {
                sb.append(',');
            }
            String e = elements[k];
            if (e == null) {
                sb.append("NULL");
                continue;
            }
            sb.append('"');
            for (int j = 0; j < e.length(); j++) {
                char ch = e.charAt(j);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static String[][] columns(List<AuditRecord> batch) {
        String[][] cols = new String[COLUMNS.length][batch.size()];
        for (int k = 0; k < batch.size(); k++) {
            AuditRecord r = batch.get(k);
            cols[0][k] = Long.toString(r.seq());
            cols[1][k] = r.id();
            cols[2][k] = r.prevHash();
            cols[3][k] = r.recordHash();
            cols[4][k] = r.recordedAt().toString();
            cols[5][k] = r.kind();
            cols[6][k] = r.action();
            cols[7][k] = r.actor().type();
            cols[8][k] = r.actor().id();
            cols[9][k] = r.resource() == null ? null : r.resource().type();
            cols[10][k] = r.resource() == null ? null : r.resource().id();
            cols[11][k] = r.outcome();
            cols[12][k] = r.subjectId();
            cols[13][k] = r.json();
        }
        return cols;
    }
}
