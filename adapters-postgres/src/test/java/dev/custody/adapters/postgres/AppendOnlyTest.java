package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses to change history: every refusal is proven through real SQL, as the
 * schema owner (triggers) and as {@code custody_app} (grants), and the chain still verifies afterwards.
 */
class AppendOnlyTest {

    private static TestDatabase db;
    private static AuditStore store;
    private static final ChainId CHAIN = ChainId.of("ao", "t1");
    private static List<AuditRecord> records;

    @BeforeAll
    static void appendAChain() {
        db = TestDatabase.create("custody_ao_" + Long.toHexString(System.nanoTime()));
        store = db.open();
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(AuditEvent.builder(CHAIN).kind("decision").action("loan.approve").actor("user", "u" + i)
                        .outcome("approved").payload(Map.of("n", i)).build());
            }
            records = appender.append(events);
        }
    }

    @AfterAll
    static void drop() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void update_isRejectedByTheTrigger() {
        assertRefused("UPDATE custody.audit_records SET outcome = 'denied' WHERE seq = 3",
                "audit_records is append-only: UPDATE is not allowed");
        assertRefused("UPDATE custody.audit_records SET record = replace(record, 'approved', 'denied')",
                "audit_records is append-only: UPDATE is not allowed");
        assertChainUntouched();
    }

    @Test
    void delete_isRejectedByTheTrigger() {
        assertRefused("DELETE FROM custody.audit_records WHERE seq = 20", "audit_records is append-only: DELETE is not allowed");
        assertChainUntouched();
    }

    @Test
    void truncate_isRejectedOnTheParentAndOnEveryPartition() throws SQLException {
        assertRefused("TRUNCATE custody.audit_records", "audit_records is append-only: TRUNCATE is not allowed");
        List<String> partitions = strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'custody.audit_records'::regclass");
        assertThat(partitions).isNotEmpty();
        for (String p : partitions) {
            assertRefused("TRUNCATE custody." + p, "audit_records is append-only: TRUNCATE is not allowed");
            if (!strings("SELECT 1 FROM custody." + p + " LIMIT 1").isEmpty()) {
                // row triggers fire per row: the partitions holding rows refuse UPDATE and DELETE directly too
                assertRefused("UPDATE custody." + p + " SET kind = 'x'", "UPDATE is not allowed");
                assertRefused("DELETE FROM custody." + p, "DELETE is not allowed");
            }
        }
        assertChainUntouched();
    }

    @Test
    void chainHeads_onlyMoveForwardAndAreNeverRemoved() {
        assertRefused("UPDATE custody.chain_heads SET seq = 5 WHERE namespace = 'ao'", "chain_heads may only move forward");
        assertRefused("DELETE FROM custody.chain_heads", "chain_heads is append-only: DELETE is not allowed");
        assertRefused("TRUNCATE custody.chain_heads", "chain_heads is append-only: TRUNCATE is not allowed");
        assertChainUntouched();
    }

    @Test
    void appRole_hasInsertAndSelectOnly() throws SQLException {
        assertThat(strings("SELECT string_agg(p, ',' ORDER BY p) FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE',"
                + "'TRUNCATE']) p WHERE has_table_privilege('custody_app', 'custody.audit_records', p)"))
                .containsExactly("INSERT,SELECT");
        assertThat(strings("SELECT string_agg(p, ',' ORDER BY p) FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE',"
                + "'TRUNCATE']) p WHERE has_table_privilege('custody_app', 'custody.chain_heads', p)"))
                .as("heads move only inside an insert into audit_records (change set 008)").containsExactly("SELECT");
        assertRefusedAsApp("UPDATE custody.audit_records SET kind = 'x'", "permission denied");
        assertRefusedAsApp("DELETE FROM custody.audit_records", "permission denied");
        assertRefusedAsApp("TRUNCATE custody.audit_records", "permission denied");
        assertRefusedAsApp("SELECT custody.purge_chain_before('ao', 't1', 10)", "permission denied");
        assertRefusedAsApp("DELETE FROM custody.chain_heads", "permission denied");
        assertRefusedAsApp("UPDATE custody.chain_heads SET seq = seq + 1", "permission denied");
        assertChainUntouched();
    }

    @Test
    void purge_isRefusedWhileALegalHoldCoversTheChain() throws SQLException {
        ChainId held = ChainId.of("ao", "held");
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            appender.append(List.of(AuditEvent.builder(held).kind("access").action("read").actor("user", "u")
                    .outcome("ok").build(), AuditEvent.builder(held).kind("access").action("read").actor("user", "u")
                    .outcome("ok").build()));
        }
        exec("INSERT INTO custody.legal_holds (namespace, tenant, reason) VALUES ('ao', 'held', 'case 42')");

        assertThatThrownBy(() -> store.purgeBefore(held, 2)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("purgeBefore").hasMessageContaining("ao/held")
                .hasMessageContaining("purge refused: a legal hold covers chain ao/held");
        assertThat(store.readRange(held, 1, 2)).hasSize(2);
    }

    @Test
    void ensurePartitions_isIdempotentAndGuardsNewPartitions() throws SQLException {
        assertThat(strings("SELECT custody.ensure_partitions(DATE '2031-05-17', 2)")).containsExactly("2");
        assertThat(strings("SELECT custody.ensure_partitions(DATE '2031-05-01', 2)")).containsExactly("0");
        assertRefused("TRUNCATE custody.audit_records_2031m06", "TRUNCATE is not allowed");
        assertThat(strings("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'audit_records_2031m05'"))
                .containsExactly("FOR VALUES FROM ('2031-05-01 00:00:00+00') TO ('2031-06-01 00:00:00+00')");
    }

    private static void assertChainUntouched() {
        assertThat(store.readRange(CHAIN, 1, 100)).containsExactlyElementsOf(records);
        Verification v = new ChainVerifier().verify(store, CHAIN);
        assertThat(v.valid()).as("%s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(20);
    }

    private static void assertRefused(String sql, String message) {
        assertThatThrownBy(() -> exec(sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    private static void assertRefusedAsApp(String sql, String message) {
        assertThatThrownBy(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET ROLE custody_app");
                s.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
