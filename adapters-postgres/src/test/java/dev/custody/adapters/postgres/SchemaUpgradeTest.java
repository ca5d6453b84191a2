package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.tiering.CustodyHashes;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * A schema of the previous version (change sets 001–007, {@code db/custody-007/changelog.xml}) holding what that
 * version wrote — records in two month partitions, the head, an archive row, a purge, restored rows, the flag on —
 * is upgraded by the real changelog (change set 008), and its data still reads, verifies, restores, purges and
 * takes appends, as the service's login.
 */
class SchemaUpgradeTest {

    private static final ChainId CHAIN = ChainId.of("up", "t1");

    @Test
    void aSchemaOfTheVersionBefore008_upgradesAndItsDataStillReadsVerifiesRestoresAndTakesAppends() throws Exception {
        TestDatabase db = TestDatabase.create("custody_upgrade_" + Long.toHexString(System.nanoTime()));
        try {
            migrate(db, "db/custody-007/changelog.xml");
            List<AuditRecord> records = writeAsTheVersionBefore008(db);

            try (AuditStore owner = db.open(); ServiceLogin login = ServiceLogin.granted("custody_app", "custody_retention")) {
                try (Connection c = db.connect(); Statement s = c.createStatement();
                        var rs = s.executeQuery("SELECT string_agg(id, ',' ORDER BY orderexecuted) FROM custody_changelog_custody")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("001-tables,002-append-only,003-partitions,004-retention,005-roles,"
                            + "006-custody-and-restore,007-compliance-settings,008-service-role");
                }
                try (AuditStore service = db.open(login.storeProperties())) {
                    assertThat(service.enforceImmutableAudit(true)).as("the flag the previous version wrote").isTrue();
                    assertThat(service.readRange(CHAIN, 1, 100)).containsExactlyElementsOf(records.subList(10, 30));
                    assertThat(service.tip(CHAIN)).isEqualTo(ChainTip.of(records.get(29)));
                    assertThat(new ChainVerifier().verify(service, CHAIN, 11, 30).valid()).isTrue();
                    assertThat(service.custodyLog().orElseThrow().ranges(CHAIN)).hasSize(1);

                    var area = service.restoredRecords().orElseThrow();
                    assertThat(area.findById(records.get(1).id())).as("restored by the previous version").contains(records.get(1));
                    assertThat(area.put(CHAIN, records.subList(3, 10))).as("archived before 008: checked by the link to seq 11")
                            .isEqualTo(7);
                    assertThat(area.streamJson(CHAIN, 1, 10).toList())
                            .containsExactlyElementsOf(records.subList(0, 10).stream().map(AuditRecord::json).toList());

                    List<AuditRecord> appended;
                    try (ChainAppender appender = new ChainAppender(service, Clock.systemUTC())) {
                        appended = appender.append(List.of(event("after-1"), event("after-2")));
                    }
                    assertThat(appended).extracting(AuditRecord::seq).containsExactly(31L, 32L);
                    assertThat(new ChainVerifier().verify(service, CHAIN, 11, 32).valid()).isTrue();

                    assertThatThrownBy(() -> {
                        try (Connection c = db.connect(); Statement s = c.createStatement()) {
                            s.execute("INSERT INTO custody.audit_records_2026m01 (namespace, tenant, seq, id, record_hash, prev_hash, "
                                    + "recorded_at, kind, action, actor_type, actor_id, outcome, record) SELECT namespace, tenant, seq, "
                                    + "gen_random_uuid(), record_hash, prev_hash, recorded_at + interval '1 microsecond', kind, action, "
                                    + "actor_type, actor_id, outcome, record FROM custody.audit_records WHERE seq = 12");
                        }
                    }).as("a partition made before 008 got the head trigger").hasMessageContaining("does not follow the chain head");

                    service.custodyLog().orElseThrow().append(ArchivedRanges.archive(service, CHAIN, 11, 15));
                    assertThat(service.purgeBefore(CHAIN, 16)).isEqualTo(5);
                    assertThatThrownBy(() -> service.purgeBefore(CHAIN, 20)).isInstanceOf(AuditStoreException.class)
                            .hasMessageContaining("would delete seq 16 which no archive keeps");
                }
            }
        } finally {
            db.drop();
        }
    }

    /**
     * Thirty records in January and February 2026 inserted with their head as the previous adapter's statement did,
     * seq 1..10 archived (a custody row written directly, as it could then) and purged with immutable audit on, and
     * seq 1..3 restored (written directly, as it could then). Returns the thirty records.
     */
    private static List<AuditRecord> writeAsTheVersionBefore008(TestDatabase db) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        ChainTip tip = ChainTip.GENESIS;
        for (String month : List.of("2026-01-10T08:00:00Z", "2026-02-10T08:00:00Z")) {
            RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.fixed(Instant.parse(month), ZoneOffset.UTC));
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                events.add(event("u" + records.size() + i));
            }
            List<AuditRecord> batch = encoder.encodeEvents(tip, events);
            records.addAll(batch);
            tip = ChainTip.of(batch.get(batch.size() - 1));
        }
        CustodyRange archived = CustodyHashes.range(CHAIN, 1, 10, CustodyStage.ARCHIVE, ArchivedRanges.TS, "s3://b/up/1", "archiver@old",
                ArchivedRanges.root(records.subList(0, 10)));
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT custody.ensure_partitions(DATE '2026-01-01', 2)");
                s.execute("UPDATE custody.compliance_settings SET immutable_audit = true");
            }
            insert(c, "audit_records", records, true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody.chain_heads (namespace, tenant, seq, record_hash, "
                    + "recorded_at) VALUES ('up', 't1', 30, ?, ?)")) {
                ps.setString(1, tip.recordHash());
                ps.setObject(2, tip.recordedAt().atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody.custody_log (namespace, tenant, first_seq, last_seq, "
                    + "stage, ts, location, actor, records_root, hash) VALUES ('up', 't1', 1, 10, 'archive', ?, ?, ?, ?, ?)")) {
                ps.setObject(1, archived.ts().atOffset(ZoneOffset.UTC));
                ps.setString(2, archived.location());
                ps.setString(3, archived.actor());
                ps.setString(4, archived.recordsRoot());
                ps.setString(5, archived.hash());
                ps.executeUpdate();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT custody.purge_chain_before('up', 't1', 11)");
            }
            insert(c, "restored_records", records.subList(0, 3), false);
            c.commit();
        }
        return records;
    }

    /** The rows as the previous adapter wrote them (its columns, {@code payload} from the line for audit_records). */
    private static void insert(Connection c, String table, List<AuditRecord> records, boolean payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody." + table + " (" + RecordRows.COLUMNS
                + (payload ? ", payload" : "") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + (payload ? ", ?::jsonb -> 'payload'" : "") + ")")) {
            for (AuditRecord r : records) {
                ps.setString(1, r.chain().namespace());
                ps.setString(2, r.chain().tenant());
                ps.setLong(3, r.seq());
                ps.setObject(4, java.util.UUID.fromString(r.id()));
                ps.setString(5, r.prevHash());
                ps.setString(6, r.recordHash());
                ps.setObject(7, r.recordedAt().atOffset(ZoneOffset.UTC));
                ps.setString(8, r.kind());
                ps.setString(9, r.action());
                ps.setString(10, r.actor().type());
                ps.setString(11, r.actor().id());
                ps.setString(12, null);
                ps.setString(13, null);
                ps.setString(14, r.outcome());
                ps.setString(15, r.subjectId());
                ps.setString(16, r.json());
                if (payload) {
                    ps.setString(17, r.json());
                }
                ps.executeUpdate();
            }
        }
    }

    /** Applies {@code changelog} as the owner, as the adapter's Liquibase does (same history tables, same parameter). */
    private static void migrate(TestDatabase db, String changelog) throws Exception {
        java.util.logging.Logger.getLogger("liquibase").setLevel(java.util.logging.Level.WARNING);   // outside Micronaut it logs to JUL
        try (Connection c = db.connect()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            database.setDatabaseChangeLogTableName("custody_changelog_custody");
            database.setDatabaseChangeLogLockTableName("custody_changelog_lock_custody");
            ChangeLogParameters parameters = new ChangeLogParameters(database);
            parameters.set("schema", "custody");
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaUpgradeTest.class.getClassLoader())),
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                            .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters)
                            .execute());
        }
    }

    private static AuditEvent event(String actor) {
        return AuditEvent.builder(CHAIN).kind("decision").action("loan.approve").actor("user", actor).outcome("approved").build();
    }
}
