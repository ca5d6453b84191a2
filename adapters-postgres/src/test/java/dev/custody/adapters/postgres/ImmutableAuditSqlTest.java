package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code immutable_audit} on, the database's own retention function refuses to delete records no archive
 * keeps ({@code COMPLIANCE_VIOLATION}), whoever calls it; archived records may still leave the warm tier.
 */
class ImmutableAuditSqlTest {

    private static final ChainId CHAIN = ChainId.of("im", "t1");

    private TestDatabase db;
    private AuditStore store;

    @BeforeEach
    void appendTwentyRecords() {
        db = TestDatabase.create("custody_im_" + Long.toHexString(System.nanoTime()));
        store = db.open();
        try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u").outcome("ok").build());
            }
            appender.append(events);
        }
    }

    @AfterEach
    void drop() {
        store.close();
        db.drop();
    }

    @Test
    void immutableAudit_isOffUntilTheSchemaOwnerWritesIt() throws SQLException {
        assertThat(query("SELECT immutable_audit FROM custody.compliance_settings")).isEqualTo("f");
        assertThat(store.enforceImmutableAudit(true)).isTrue();
        assertThat(query("SELECT immutable_audit FROM custody.compliance_settings")).isEqualTo("t");
    }

    @Test
    void purgeFunction_refusesUnarchivedRecordsInSql() throws SQLException {
        store.enforceImmutableAudit(true);

        assertThatThrownBy(() -> exec("SELECT custody.purge_chain_before('im', 't1', 10)"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("COMPLIANCE_VIOLATION: immutable audit is on")
                .hasMessageContaining("would delete seq 1 which no archive keeps");
        assertThatThrownBy(() -> store.purgeBefore(CHAIN, 10)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("COMPLIANCE_VIOLATION");
        assertThat(query("SELECT count(*) FROM custody.audit_records")).isEqualTo("20");
        assertThat(new ChainVerifier().verify(store, CHAIN).valid()).isTrue();
    }

    @Test
    void purgeFunction_letsArchivedRecordsLeaveButNoMore() throws SQLException {
        store.enforceImmutableAudit(true);
        store.custodyLog().orElseThrow().append(ArchivedRanges.archive(store, CHAIN, 1, 5));

        assertThat(store.purgeBefore(CHAIN, 6)).isEqualTo(5);
        assertThatThrownBy(() -> store.purgeBefore(CHAIN, 10)).hasMessageContaining("would delete seq 6 which no archive keeps");
        assertThat(query("SELECT count(*) FROM custody.audit_records")).isEqualTo("15");

        store.enforceImmutableAudit(false);
        assertThat(store.purgeBefore(CHAIN, 10)).isEqualTo(4);
    }

    @Test
    void settingsRow_cannotBeDeleted() {
        assertThatThrownBy(() -> exec("DELETE FROM custody.compliance_settings")).isInstanceOf(SQLException.class)
                .hasMessageContaining("compliance_settings is append-only");
        assertThatThrownBy(() -> exec("INSERT INTO custody.compliance_settings (id, immutable_audit) VALUES (2, false)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("compliance_settings_id_check");
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
