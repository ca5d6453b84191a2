package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.adapters.postgres.ServiceSchema.ChainWithRecords;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.tiering.CustodyHashes;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.spi.ConfigurationException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four statements of security issue point 4, each run as the service's login (granted exactly
 * {@code custody_app} and {@code custody_retention}) and refused, the chain untouched; immutable audit is on
 * (set by the schema owner). ADR 0090 (compliance flag), 0091 (custody_log, restored_records), 0092 (seq).
 */
class ServiceRoleTest {

    private static ServiceSchema schema;

    @BeforeAll
    static void migrateAsOwnerAndOpenAsService() {
        schema = ServiceSchema.create("custody_role", true);
    }

    @AfterAll
    static void drop() {
        schema.close();
    }

    // 1. "UPDATE custody.compliance_settings SET immutable_audit=false is allowed, after which purge_chain_before deletes"

    @Test
    void lowerImmutableAudit_isDeniedAndThePurgeStillRefuses() throws SQLException {
        ChainWithRecords chain = schema.chain(20);

        schema.assertServiceRefused("UPDATE custody.compliance_settings SET immutable_audit = false",
                "permission denied for table compliance_settings");
        schema.assertServiceRefused("INSERT INTO custody.compliance_settings (id, immutable_audit) VALUES (1, false) "
                + "ON CONFLICT (id) DO UPDATE SET immutable_audit = false", "permission denied for table compliance_settings");
        schema.asService("GRANT UPDATE ON custody.compliance_settings TO CURRENT_USER");   // only a warning: no grant option
        schema.assertServiceRefused("UPDATE custody.compliance_settings SET immutable_audit = false",
                "permission denied for table compliance_settings");

        assertThat(schema.query("SELECT immutable_audit FROM custody.compliance_settings")).isEqualTo("t");
        schema.assertServiceRefused(chain.purge(10), "COMPLIANCE_VIOLATION: immutable audit is on");
        schema.assertUntouched(chain);
    }

    @Test
    void serviceStartedWithAnotherFlag_refusesNamingTheOwnersCommand() throws SQLException {
        assertThatThrownBy(() -> schema.service.enforceImmutableAudit(false)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("compliance_settings.immutable_audit=true, but custody.compliance asks for immutable-audit=false")
                .hasMessageContaining("run `custody db migrate --config <this configuration>` as the schema owner");
        assertThat(schema.query("SELECT immutable_audit FROM custody.compliance_settings")).isEqualTo("t");
        assertThat(schema.service.enforceImmutableAudit(true)).as("agreeing with the database").isTrue();
    }

    // 2. "a forged custody_log row (stage='archive', last_seq huge) lets a purge pass while the flag is on"

    @Test
    void insertForgedArchiveRow_isDeniedAndThePurgeStillRefuses() throws SQLException {
        ChainWithRecords chain = schema.chain(20);

        schema.assertServiceRefused("INSERT INTO custody.custody_log (namespace, tenant, first_seq, last_seq, stage, ts, location, "
                + "actor, records_root, hash) VALUES ('svc', '" + chain.id().tenant() + "', 1, 9000000000000000000, 'archive', now(), "
                + "'s3://nowhere', 'mallory', '00', 'forged')", "permission denied for table custody_log");

        schema.assertServiceRefused(chain.purge(20), "COMPLIANCE_VIOLATION");
        assertThat(schema.query("SELECT count(*) FROM custody.custody_log WHERE " + chain.where())).isEqualTo("0");
        schema.assertUntouched(chain);
    }

    @Test
    void recordForgedArchiveRangeThroughTheFunction_isRefused() throws SQLException {
        ChainWithRecords chain = schema.chain(20);
        CustodyLog log = schema.service.custodyLog().orElseThrow();
        String rootOfAll = ArchivedRanges.root(chain.records());

        CustodyRange huge = CustodyHashes.range(chain.id(), 1, 9_000_000_000_000_000_000L, CustodyStage.ARCHIVE,
                ArchivedRanges.TS, "s3://nowhere", "mallory", rootOfAll);
        assertRefused(log, huge, "archive range 1..9000000000000000000 of chain svc/" + chain.id().tenant()
                + " goes beyond the chain head (seq 20)");
        assertRefused(log, CustodyHashes.range(chain.id(), 1, 19, CustodyStage.ARCHIVE, ArchivedRanges.TS, "s3://nowhere",
                "mallory", rootOfAll), "is not the Merkle root of its records");
        CustodyRange real = ArchivedRanges.archive(schema.service, chain.id(), 1, 19);
        assertRefused(log, new CustodyRange(chain.id(), 1, 19, CustodyStage.ARCHIVE, real.ts(), "s3://elsewhere", real.actor(),
                real.recordsRoot(), real.hash()), "is not the hash of the row");
        assertRefused(log, CustodyHashes.range(chain.id(), 1, 19, CustodyStage.RESTORE, ArchivedRanges.TS, "restored_records",
                "mallory", real.recordsRoot()), "no record of it is in restored_records");
        schema.assertServiceRefused("SELECT custody.record_custody_range('svc', '" + chain.id().tenant() + "', 1, 9000000000000000000, "
                + "'archive', now(), 's3://nowhere', 'mallory', '00', 'forged')", "is not the hash of the row");

        assertThat(log.ranges(chain.id())).isEmpty();
        schema.assertServiceRefused(chain.purge(20), "COMPLIANCE_VIOLATION");
        schema.assertUntouched(chain);
    }

    @Test
    void archiveRangeAboveUnarchivedRecords_letsNoneOfThemBePurged() {
        ChainWithRecords chain = schema.chain(20);
        CustodyLog log = schema.service.custodyLog().orElseThrow();

        assertThat(log.append(ArchivedRanges.archive(schema.service, chain.id(), 11, 15))).isTrue();

        assertThatThrownBy(() -> schema.service.purgeBefore(chain.id(), 16)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("would delete seq 1 which no archive keeps");
        schema.assertUntouched(chain);
    }

    // 3. "a forged restored_records row is served by GET /v1/audit/events/{id}"

    @Test
    void insertForgedRestoredRow_isDeniedAndNothingIsServed() throws SQLException {
        ChainWithRecords chain = archivedAndPurged(10, 20);
        String forgedId = UUID.randomUUID().toString();

        schema.assertServiceRefused("INSERT INTO custody.restored_records (namespace, tenant, seq, id, prev_hash, record_hash, "
                + "recorded_at, kind, action, actor_type, actor_id, outcome, record) VALUES ('svc', '" + chain.id().tenant()
                + "', 3, '" + forgedId + "', 'x', 'y', now(), 'decision', 'loan.approve', 'user', 'mallory', 'approved', "
                + "'{\"forged\":true}')", "permission denied for table restored_records");

        assertThat(schema.service.restoredRecords().orElseThrow().findById(forgedId)).isEmpty();
        assertThat(schema.query("SELECT count(*) FROM custody.restored_records")).isEqualTo("0");
    }

    @Test
    void restoreForgedRecordsThroughTheFunction_isRefusedAndOnlyTheChainsRecordsAreServed() throws SQLException {
        ChainWithRecords chain = archivedAndPurged(10, 20);
        List<AuditRecord> purged = chain.records().subList(0, 10);
        RestoredRecords area = schema.service.restoredRecords().orElseThrow();
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        AuditRecord fabricated = encoder.encodeEvents(ChainTip.of(purged.get(1)), List.of(AuditEvent.builder(chain.id())
                .kind("decision").action("loan.approve").actor("user", "mallory").outcome("approved").build())).get(0);
        AuditRecord third = purged.get(2);
        AuditRecord alteredThird = altered(third);
        AuditRecord beyond = encoder.encodeEvents(ChainTip.of(chain.records().get(19)), List.of(AuditEvent.builder(chain.id())
                .kind("decision").action("loan.approve").actor("user", "mallory").outcome("approved").build())).get(0);

        assertRestoreRefused(area, chain, fabricated, "seq 3 of chain svc/" + chain.id().tenant() + " is not the record the chain holds");
        assertRestoreRefused(area, chain, alteredThird, "seq 3 of chain svc/" + chain.id().tenant() + " is not the record the chain holds");
        assertRestoreRefused(area, chain, beyond, "seq 21 of chain svc/" + chain.id().tenant() + " is beyond the chain head");
        assertRestoreRefused(area, chain, altered(chain.records().get(14)), "seq 15 of chain svc/" + chain.id().tenant()
                + " is not the record the chain holds (it is still warm)");
        assertThatThrownBy(() -> area.put(schema.chain(1).id(), List.of(third))).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("cannot be restored into chain svc/");
        assertThat(area.findById(fabricated.id())).isEmpty();
        assertThat(schema.query("SELECT count(*) FROM custody.restored_records")).isEqualTo("0");

        assertThat(area.put(chain.id(), purged)).isEqualTo(10);
        assertThat(area.findById(third.id())).contains(third);
        assertThat(area.streamJson(chain.id(), 1, 10).toList()).containsExactlyElementsOf(purged.stream().map(AuditRecord::json).toList());
        CustodyRange restore = CustodyHashes.range(chain.id(), 1, 10, CustodyStage.RESTORE, ArchivedRanges.TS, "restored_records",
                "cli:test", ArchivedRanges.root(purged));
        assertThat(schema.service.custodyLog().orElseThrow().append(restore)).isTrue();
    }

    // 4. "a direct INSERT adds a duplicate seq in another month partition (the primary key includes recorded_at)"

    @Test
    void insertDuplicateSeqIntoAnotherMonth_isRefusedForEveryRole() throws SQLException {
        ChainWithRecords chain = schema.chain(20);
        schema.asService("SELECT custody.ensure_partitions(DATE '2031-01-01', 1)");
        String duplicate = copyOfSeq(chain, 5, "custody.audit_records", "TIMESTAMPTZ '2031-01-15 00:00:00+00'");

        schema.assertServiceRefused(duplicate, "audit_records: seq 5 of chain svc/" + chain.id().tenant()
                + " does not follow the chain head (seq 20, record_hash " + chain.records().get(19).recordHash() + ")");
        schema.assertOwnerRefused(duplicate, "does not follow the chain head (seq 20");
        schema.assertServiceRefused(copyOfSeq(chain, 20, "custody.audit_records", "TIMESTAMPTZ '2031-01-15 00:00:00+00'"),
                "does not follow the chain head");

        assertThat(schema.query("SELECT count(*) FROM custody.audit_records WHERE " + chain.where() + " AND seq = 5")).isEqualTo("1");
        schema.assertUntouched(chain);
    }

    @Test
    void moveTheChainHeadBackThenInsertADuplicate_isRefused() {
        ChainWithRecords chain = schema.chain(20);
        String back = "UPDATE custody.chain_heads SET seq = 4, record_hash = '" + chain.records().get(3).recordHash() + "' WHERE "
                + chain.where();

        schema.assertServiceRefused(back, "permission denied for table chain_heads");
        schema.assertServiceRefused("DELETE FROM custody.chain_heads WHERE " + chain.where(), "permission denied for table chain_heads");
        schema.assertServiceRefused("INSERT INTO custody.chain_heads (namespace, tenant, seq, record_hash, recorded_at) "
                + "VALUES ('svc', 'fresh', 1, 'x', now())", "permission denied for table chain_heads");
        schema.assertOwnerRefused(back, "chain_heads may only move forward");
        schema.assertOwnerRefused("DELETE FROM custody.chain_heads WHERE " + chain.where(), "chain_heads is append-only");

        schema.assertServiceRefused(copyOfSeq(chain, 5, "custody.audit_records", "recorded_at + interval '1 microsecond'"),
                "does not follow the chain head");
        schema.assertUntouched(chain);
    }

    @Test
    void insertIntoAMonthPartitionByName_isDeniedToTheServiceAndRefusedToTheOwner() {
        ChainWithRecords chain = schema.chain(20);
        String partition = "custody." + ServiceSchema.currentPartition();

        schema.assertServiceRefused(copyOfSeq(chain, 5, partition, "recorded_at + interval '1 microsecond'"),
                "permission denied for table " + ServiceSchema.currentPartition());
        schema.assertOwnerRefused(copyOfSeq(chain, 5, partition, "recorded_at + interval '1 microsecond'"),
                "does not follow the chain head (seq 20");
        schema.assertUntouched(chain);
    }

    /** {@code r} with its outcome changed in the stored line, its record_hash kept. */
    private static AuditRecord altered(AuditRecord r) {
        return new AuditRecord(r.chain(), r.seq(), r.id(), r.prevHash(), r.recordHash(), r.recordedAt(), r.kind(), r.action(),
                r.actor(), r.resource(), "denied", r.subjectId(), r.json().replace("\"outcome\":\"approved\"", "\"outcome\":\"denied\""));
    }

    /** A chain of {@code n} records whose first {@code archived} were archived, then purged, by the service. */
    private static ChainWithRecords archivedAndPurged(int archived, int n) {
        ChainWithRecords chain = schema.chain(n);
        assertThat(schema.service.custodyLog().orElseThrow().append(ArchivedRanges.archive(schema.service, chain.id(), 1, archived)))
                .isTrue();
        assertThat(schema.service.purgeBefore(chain.id(), archived + 1)).isEqualTo(archived);
        return chain;
    }

    /** An INSERT into {@code table} of a copy of record {@code seq} under a new id, recorded at {@code recordedAt}. */
    private static String copyOfSeq(ChainWithRecords chain, long seq, String table, String recordedAt) {
        return "INSERT INTO " + table + " (namespace, tenant, seq, id, record_hash, prev_hash, recorded_at, kind, action, "
                + "actor_type, actor_id, outcome, record) SELECT namespace, tenant, seq, gen_random_uuid(), record_hash, "
                + "prev_hash, " + recordedAt + ", kind, action, actor_type, actor_id, outcome, record FROM custody.audit_records "
                + "WHERE " + chain.where() + " AND seq = " + seq;
    }

    private static void assertRefused(CustodyLog log, CustodyRange row, String message) {
        assertThatThrownBy(() -> log.append(row)).isInstanceOf(AuditStoreException.class).hasMessageContaining(message);
    }

    private static void assertRestoreRefused(RestoredRecords area, ChainWithRecords chain, AuditRecord record, String message) {
        assertThatThrownBy(() -> area.put(chain.id(), List.of(record))).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining(message);
    }
}
