package dev.custody.adapters.postgres;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditional append as ONE statement (one round trip, atomic in auto-commit, durable at its commit):
 * a data-modifying CTE moves the chain head from exactly the expected tip (UPDATE ... WHERE seq = expected
 * AND record_hash = expected, or INSERT ... ON CONFLICT DO NOTHING for the first record), and the batch is
 * inserted from arrays only if the head moved. A concurrent writer's UPDATE waits for the row lock and then
 * re-checks the condition against the committed head, so exactly one of two racing appends moves it;
 * the other inserts 0 rows, which the caller reports as a conflict.
 */
final class AppendSql {

    private static final String[] COLUMNS = {"seq", "id", "prev_hash", "record_hash", "recorded_at", "kind", "action",
        "actor_type", "actor_id", "resource_type", "resource_id", "outcome", "subject_id", "record"};

    private final String first;
    private final String next;
    private final String lockHeads;
    private final String appendMany;

    AppendSql(String schema) {
        String arrays = "?::text[], ".repeat(COLUMNS.length - 1) + "?::text[]";
        String insert = insert(schema, "?, ?, ", "unnest(" + arrays + ") AS u(" + String.join(", ", COLUMNS) + ")")
                + " WHERE EXISTS (SELECT 1 FROM head)";
        this.first = "WITH head AS (INSERT INTO " + schema + ".chain_heads (seq, record_hash, recorded_at, namespace, tenant) "
                + "VALUES (?, ?, ?::timestamptz, ?, ?) ON CONFLICT (namespace, tenant) DO NOTHING RETURNING 1) " + insert;
        this.next = "WITH head AS (UPDATE " + schema + ".chain_heads SET seq = ?, record_hash = ?, "
                + "recorded_at = ?::timestamptz WHERE namespace = ? AND tenant = ? AND seq = ? AND record_hash = ? "
                + "RETURNING 1) " + insert;
        // Several chains in one transaction: lock their heads in one fixed order (so two combined rounds, in
        // this process or another replica, can never deadlock), compare in Java, then move the heads that
        // matched and insert their rows in one statement.
        this.lockHeads = "SELECT namespace, tenant, seq, record_hash, recorded_at FROM " + schema + ".chain_heads "
                + "WHERE (namespace, tenant) IN (SELECT * FROM unnest(?::text[], ?::text[])) "
                + "ORDER BY namespace, tenant FOR UPDATE";
        this.appendMany = "WITH h AS (UPDATE " + schema + ".chain_heads c SET seq = r.seq::bigint, record_hash = r.record_hash, "
                + "recorded_at = r.recorded_at::timestamptz FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "AS r(namespace, tenant, seq, record_hash, recorded_at) WHERE c.namespace = r.namespace AND c.tenant = r.tenant "
                + "RETURNING 1), ins AS (" + insert(schema, "u.namespace, u.tenant, ", "unnest(?::text[], ?::text[], " + arrays
                + ") AS u(namespace, tenant, " + String.join(", ", COLUMNS) + ")") + " RETURNING 1) "
                + "SELECT (SELECT count(*) FROM h), (SELECT count(*) FROM ins)";
    }

    private static String insert(String schema, String chainValues, String rows) {
        return "INSERT INTO " + schema + ".audit_records (namespace, tenant, seq, id, prev_hash, record_hash, "
                + "recorded_at, kind, action, actor_type, actor_id, resource_type, resource_id, outcome, subject_id, record, "
                + "payload, occurred_at) SELECT " + chainValues + "u.seq::bigint, u.id::uuid, u.prev_hash, u.record_hash, "
                + "u.recorded_at::timestamptz, u.kind, u.action, u.actor_type, u.actor_id, u.resource_type, u.resource_id, "
                + "u.outcome, u.subject_id, u.record, j.doc -> 'payload', j.doc ->> 'occurred_at' FROM " + rows
                + " CROSS JOIN LATERAL (SELECT CASE WHEN strpos(u.record, E'\\\\u0000') > 0 THEN NULL "
                // jsonb cannot hold U+0000: such a record keeps its payload only in "record"
                + "ELSE u.record::jsonb END AS doc) j";
    }

    /** Runs the append; true when the batch was stored, false when the tip had moved (nothing stored). */
    boolean append(Connection c, ChainId chain, ChainTip expected, List<AuditRecord> batch) throws SQLException {
        ChainTip tip = ChainTip.of(batch.get(batch.size() - 1));
        try (PreparedStatement ps = c.prepareStatement(expected.isGenesis() ? first : next)) {
            int i = 1;
            ps.setLong(i++, tip.seq());
            ps.setString(i++, tip.recordHash());
            ps.setString(i++, tip.recordedAt().toString());
            ps.setString(i++, chain.namespace());
            ps.setString(i++, chain.tenant());
            if (!expected.isGenesis()) {
                ps.setLong(i++, expected.seq());
                ps.setString(i++, expected.recordHash());
            }
            ps.setString(i++, chain.namespace());
            ps.setString(i++, chain.tenant());
            String[][] columns = columns(batch);
            for (String[] column : columns) {
                ps.setString(i++, arrayLiteral(column));
            }
            int inserted = ps.executeUpdate();
            if (inserted != 0 && inserted != batch.size()) {
                throw new SQLException("append inserted " + inserted + " of " + batch.size() + " records");
            }
            return inserted == batch.size();
        }
    }

    /** One chain's batch in a combined round ({@link #appendMany}). */
    record Request(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
    }

    /**
     * Appends the batches of several distinct chains (none of them expecting genesis) in one transaction on
     * {@code c}, which must not be in auto-commit: the heads are locked in one fixed order, each batch whose
     * head is still its expected tip is stored, the others are left alone. Returns, per request in order,
     * null when appended, or the head found (GENESIS when the chain has none) when the tip had moved.
     * The caller commits or rolls back.
     */
    List<ChainTip> appendMany(Connection c, List<Request> requests) throws SQLException {
        Map<ChainId, ChainTip> heads = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(lockHeads)) {
            String[] namespaces = new String[requests.size()];
            String[] tenants = new String[requests.size()];
            for (int k = 0; k < requests.size(); k++) {
                namespaces[k] = requests.get(k).chain().namespace();
                tenants[k] = requests.get(k).chain().tenant();
            }
            ps.setString(1, arrayLiteral(namespaces));
            ps.setString(2, arrayLiteral(tenants));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(ChainId.of(rs.getString(1), rs.getString(2)), new ChainTip(rs.getLong(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        }
        List<ChainTip> outcomes = new ArrayList<>(requests.size());
        List<Request> matched = new ArrayList<>(requests.size());
        for (Request r : requests) {
            ChainTip head = heads.getOrDefault(r.chain(), ChainTip.GENESIS);
            boolean match = r.expected().sameAs(head);
            outcomes.add(match ? null : head);
            if (match) {
                matched.add(r);
            }
        }
        if (matched.isEmpty()) {
            return outcomes;
        }
        int rows = matched.stream().mapToInt(r -> r.batch().size()).sum();
        String[][] headColumns = new String[5][matched.size()];
        String[][] cols = new String[COLUMNS.length + 2][rows];
        int row = 0;
        for (int k = 0; k < matched.size(); k++) {
            Request r = matched.get(k);
            ChainTip tip = ChainTip.of(r.batch().get(r.batch().size() - 1));
            headColumns[0][k] = r.chain().namespace();
            headColumns[1][k] = r.chain().tenant();
            headColumns[2][k] = Long.toString(tip.seq());
            headColumns[3][k] = tip.recordHash();
            headColumns[4][k] = tip.recordedAt().toString();
            for (AuditRecord record : r.batch()) {
                cols[0][row] = r.chain().namespace();
                cols[1][row] = r.chain().tenant();
                fill(cols, 2, row, record);
                row++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(appendMany)) {
            int i = 1;
            for (String[] column : headColumns) {
                ps.setString(i++, arrayLiteral(column));
            }
            for (String[] column : cols) {
                ps.setString(i++, arrayLiteral(column));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long moved = rs.getLong(1);
                long inserted = rs.getLong(2);
                if (moved != matched.size() || inserted != rows) {
                    throw new SQLException("combined append moved " + moved + " of " + matched.size() + " heads and inserted "
                            + inserted + " of " + rows + " records");
                }
            }
        }
        return outcomes;
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
            fill(cols, 0, k, batch.get(k));
        }
        return cols;
    }

    /** Writes {@code r}'s values, in {@link #COLUMNS} order, into row {@code k} from column {@code at}. */
    private static void fill(String[][] cols, int at, int k, AuditRecord r) {
        cols[at][k] = Long.toString(r.seq());
        cols[at + 1][k] = r.id();
        cols[at + 2][k] = r.prevHash();
        cols[at + 3][k] = r.recordHash();
        cols[at + 4][k] = r.recordedAt().toString();
        cols[at + 5][k] = r.kind();
        cols[at + 6][k] = r.action();
        cols[at + 7][k] = r.actor().type();
        cols[at + 8][k] = r.actor().id();
        cols[at + 9][k] = r.resource() == null ? null : r.resource().type();
        cols[at + 10][k] = r.resource() == null ? null : r.resource().id();
        cols[at + 11][k] = r.outcome();
        cols[at + 12][k] = r.subjectId();
        cols[at + 13][k] = r.json();
    }
}
