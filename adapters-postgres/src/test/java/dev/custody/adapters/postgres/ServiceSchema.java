package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database migrated by its owner (the superuser), and the same schema opened by the service: a login
 * granted exactly {@code custody_app} and {@code custody_retention}, without migrating, as production runs it.
 */
final class ServiceSchema implements AutoCloseable {

    final TestDatabase db;
    final ServiceLogin login;
    /** Opened as the owner with migrate on: it writes the compliance flag. */
    final AuditStore owner;
    /** Opened as the service's login. */
    final AuditStore service;
    private final AtomicInteger chains = new AtomicInteger();

    private ServiceSchema(TestDatabase db, ServiceLogin login, AuditStore owner, AuditStore service) {
        this.db = db;
        this.login = login;
        this.owner = owner;
        this.service = service;
    }

    /** Migrated, with {@code immutable_audit} set by the owner; the service opened as its login. */
    static ServiceSchema create(String prefix, boolean immutableAudit) {
        TestDatabase db = TestDatabase.create(prefix + "_" + Long.toHexString(System.nanoTime()));
        AuditStore owner = db.open();
        owner.enforceImmutableAudit(immutableAudit);
        ServiceLogin login = ServiceLogin.granted("custody_app", "custody_retention");
        return new ServiceSchema(db, login, owner, db.open(login.storeProperties()));
    }

    /** A chain no test used yet. */
    ChainId newChain() {
        return ChainId.of("svc", "t" + chains.incrementAndGet());
    }

    /** A new chain of {@code n} records appended by the service. */
    ChainWithRecords chain(int n) {
        ChainId chain = newChain();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(AuditEvent.builder(chain).kind("decision").action("loan.approve").actor("user", "u" + i)
                    .outcome("approved").payload(Map.of("n", i)).build());
        }
        try (ChainAppender appender = new ChainAppender(service, Clock.systemUTC())) {
            return new ChainWithRecords(chain, appender.append(events));
        }
    }

    /** A chain and the records appended to it. */
    record ChainWithRecords(ChainId id, List<AuditRecord> records) {

        String where() {
            return "namespace = '" + id.namespace() + "' AND tenant = '" + id.tenant() + "'";
        }

        String purge(long beforeSeq) {
            return "SELECT custody.purge_chain_before('" + id.namespace() + "', '" + id.tenant() + "', " + beforeSeq + ")";
        }
    }

    /** The partition of this month. */
    static String currentPartition() {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        return String.format("audit_records_%04dm%02d", month.getYear(), month.getMonthValue());
    }

    /** Runs {@code sql} as the service's login. */
    void asService(String sql) throws SQLException {
        try (Connection c = login.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row of {@code sql}, as the owner. */
    String query(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** {@code sql} run as the service's login fails with {@code message}. */
    void assertServiceRefused(String sql, String message) {
        assertThatThrownBy(() -> asService(sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    /** {@code sql} run as the schema owner fails with {@code message}. */
    void assertOwnerRefused(String sql, String message) {
        assertThatThrownBy(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    /** The chain holds exactly its records, at its tip, and verifies. */
    void assertUntouched(ChainWithRecords chain) {
        List<AuditRecord> records = chain.records();
        long first = records.get(0).seq();
        long last = records.get(records.size() - 1).seq();
        assertThat(service.readRange(chain.id(), 1, Long.MAX_VALUE)).containsExactlyElementsOf(records);
        assertThat(service.tip(chain.id()).seq()).isEqualTo(last);
        Verification v = new ChainVerifier().verify(service, chain.id(), first, last);
        assertThat(v.valid()).as("%s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(records.size());
    }

    @Override
    public void close() {
        try {
            service.close();
            owner.close();
            db.drop();
        } finally {
            login.close();
        }
    }
}
