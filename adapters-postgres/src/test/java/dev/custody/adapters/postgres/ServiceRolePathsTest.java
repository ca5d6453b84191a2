package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.adapters.postgres.ServiceSchema.ChainWithRecords;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.tiering.CustodyHashes;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.CustodyStage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the service's login (granted {@code custody_app} and {@code custody_retention}) still does through the
 * adapter after change set 008: append (and lose a race as a conflict), record archive and restore rows, purge,
 * restore, read; and the owner migrates again. Immutable audit is off here (retention may delete).
 */
class ServiceRolePathsTest {

    private static ServiceSchema schema;

    @BeforeAll
    static void migrateAsOwnerAndOpenAsService() {
        schema = ServiceSchema.create("custody_paths", false);
    }

    @AfterAll
    static void drop() {
        schema.close();
    }

    @Test
    void append_movesTheHeadAndARaceFromTheSameTipIsAConflict() {
        ChainWithRecords chain = schema.chain(20);
        schema.assertUntouched(chain);
        ChainTip tip = ChainTip.of(chain.records().get(19));
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        List<AuditRecord> first = encoder.encodeEvents(tip, List.of(event(chain.id(), "a"), event(chain.id(), "b")));
        List<AuditRecord> rival = encoder.encodeEvents(tip, List.of(event(chain.id(), "c")));

        assertThat(schema.service.append(chain.id(), tip, first)).isEqualTo(new AppendResult.Appended(ChainTip.of(first.get(1))));
        assertThat(schema.service.append(chain.id(), tip, rival)).isEqualTo(new AppendResult.Conflict(ChainTip.of(first.get(1))));
        assertThat(schema.service.readRange(chain.id(), 21, 30)).containsExactlyElementsOf(first);
    }

    @Test
    void firstRecordsOfAChain_raceFromGenesisAsAConflict() {
        ChainId fresh = schema.newChain();
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        List<AuditRecord> winner = encoder.encodeEvents(ChainTip.GENESIS, List.of(event(fresh, "x")));
        List<AuditRecord> rival = encoder.encodeEvents(ChainTip.GENESIS, List.of(event(fresh, "y")));

        assertThat(schema.service.append(fresh, ChainTip.GENESIS, winner)).isInstanceOf(AppendResult.Appended.class);
        assertThat(schema.service.append(fresh, ChainTip.GENESIS, rival)).isEqualTo(new AppendResult.Conflict(ChainTip.of(winner.get(0))));
    }

    @Test
    void serialisedAppend_underTheChainsAdvisoryLock_asTheService() {
        ChainWithRecords chain = schema.chain(5);
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        List<AuditRecord> stored = schema.service.appendSerialized(chain.id(),
                tip -> encoder.encodeEvents(tip, List.of(event(chain.id(), "s1"), event(chain.id(), "s2"))));
        assertThat(stored).extracting(AuditRecord::seq).containsExactly(6L, 7L);
        assertThat(schema.service.appendSerialized(chain.id(), tip -> List.of())).as("nothing to append").isEmpty();
        assertThat(schema.service.tip(chain.id())).isEqualTo(ChainTip.of(stored.get(1)));
        assertThat(schema.service.readRange(chain.id(), 6, 7)).containsExactlyElementsOf(stored);
    }

    @Test
    void archiveThenPurgeThenRestore_asTheService() throws SQLException {
        ChainWithRecords chain = schema.chain(30);
        CustodyLog log = schema.service.custodyLog().orElseThrow();
        RestoredRecords area = schema.service.restoredRecords().orElseThrow();

        assertThat(log.append(ArchivedRanges.archive(schema.service, chain.id(), 1, 12))).isTrue();
        assertThat(log.append(ArchivedRanges.archive(schema.service, chain.id(), 1, 12))).as("the same row again").isFalse();
        assertThat(schema.service.purgeBefore(chain.id(), 13)).isEqualTo(12);

        List<AuditRecord> middle = chain.records().subList(3, 7);   // seq 4..7: checked against the archive's hashes
        assertThat(area.put(chain.id(), middle)).isEqualTo(4);
        assertThat(area.put(chain.id(), chain.records().subList(0, 12))).isEqualTo(8);
        assertThat(log.append(CustodyHashes.range(chain.id(), 1, 12, CustodyStage.RESTORE, ArchivedRanges.TS, "restored_records",
                "cli:test", ArchivedRanges.root(chain.records().subList(0, 12))))).isTrue();

        assertThat(log.ranges(chain.id())).extracting(r -> r.stage()).containsExactly(CustodyStage.ARCHIVE, CustodyStage.RESTORE);
        assertThat(schema.service.findById(chain.records().get(4).id())).isEmpty();
        assertThat(area.findById(chain.records().get(4).id())).contains(chain.records().get(4));
        assertThat(schema.service.query(RecordQuery.builder(chain.id()).limit(RecordQuery.MAX_LIMIT).build()).records())
                .containsExactlyElementsOf(chain.records());
    }

    @Test
    void retentionPurgeWithoutArchive_thenRestoreCheckedByTheLinkToTheFirstWarmRecord() {
        ChainWithRecords chain = schema.chain(2500);
        RestoredRecords area = schema.service.restoredRecords().orElseThrow();

        assertThat(schema.service.purgeBefore(chain.id(), 2401)).isEqualTo(2400);
        assertThat(area.put(chain.id(), chain.records().subList(0, 2400))).as("three calls, the highest seqs first").isEqualTo(2400);

        assertThat(area.streamJson(chain.id(), 1, 2400).toList())
                .containsExactlyElementsOf(chain.records().subList(0, 2400).stream().map(AuditRecord::json).toList());
    }

    @Test
    void recordsHoldingU0000_areRestoredByteForByte() {
        ChainId chain = schema.newChain();
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
        List<AuditRecord> records = encoder.encodeEvents(ChainTip.GENESIS, List.of(
                AuditEvent.builder(chain).kind("decision").action("a").actor("user", "u").outcome("ok")
                        .payload(Map.of("note", "nul\u0000inside, \\u0000 as text")).build(),
                event(chain, "next")));
        assertThat(schema.service.append(chain, ChainTip.GENESIS, records)).isInstanceOf(AppendResult.Appended.class);
        assertThat(schema.service.custodyLog().orElseThrow().append(ArchivedRanges.archive(schema.service, chain, 1, 1))).isTrue();
        assertThat(schema.service.purgeBefore(chain, 2)).isEqualTo(1);

        assertThat(schema.service.restoredRecords().orElseThrow().put(chain, records.subList(0, 1))).isEqualTo(1);
        assertThat(schema.service.restoredRecords().orElseThrow().findById(records.get(0).id())).contains(records.get(0));
    }

    @Test
    void migrateAgainAsTheOwner_isIdempotentAndTheServiceStillAppends() throws SQLException {
        try (AuditStore again = schema.db.open()) {
            assertThat(again.enforceImmutableAudit(false)).isTrue();
        }
        assertThat(schema.query("SELECT count(*) FROM public.custody_changelog_custody WHERE id = '008-service-role'")).isEqualTo("1");
        schema.assertUntouched(schema.chain(3));
    }

    private static AuditEvent event(ChainId chain, String actor) {
        return AuditEvent.builder(chain).kind("access").action("read").actor("user", actor).outcome("ok").build();
    }
}
