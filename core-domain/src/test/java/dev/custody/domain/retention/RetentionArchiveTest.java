package dev.custody.domain.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.MovableClock;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.domain.tiering.ArchivalPolicy;
import dev.custody.domain.tiering.Archiver;
import dev.custody.domain.tiering.SegmentCompression;
import dev.custody.domain.tiering.TieredVerification;
import dev.custody.domain.tiering.TieredVerifier;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention archives what its policy says is due (hipaa too: archival moves, it does not delete), the chain verifies
 * across tiers afterwards, and a legal hold puts the archive's legal hold on the chain's segments until released.
 */
class RetentionArchiveTest {

    private static final ChainId CHAIN = ChainId.of("loans", "acme");
    private static final Ref ADMIN = new Ref("api_key", "ops");

    private final MovableClock clock = new MovableClock(Instant.parse("2020-01-01T00:00:00Z"));
    private final MemoryAuditStore store = new MemoryAuditStore();
    private final MemoryArchiveStore archive = new MemoryArchiveStore();
    private final SegmentCompression none = new SegmentCompression() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public byte[] compress(byte[] data) {
            return data;
        }

        @Override
        public byte[] decompress(byte[] data, long maxSize) {
            return data;
        }
    };

    @Test
    void retentionArchivesWhatIsDue_underHipaa_andTheChainVerifiesAcrossTiers() {
        try (ChainAppender appender = new ChainAppender(store, clock)) {
            for (int i = 0; i < 20; i++) {
                appender.append(AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u").outcome("ok").build());
                clock.now = clock.now.plus(Duration.ofDays(10));
            }
            ChainArchival archival = (chain, cutoff) -> new Archiver(store, archive, none, new ArchivalPolicy(
                    Duration.between(cutoff, clock.instant()), 1000, Duration.ZERO, false, "test"),
                    Clock.fixed(clock.instant(), ZoneOffset.UTC)).archive(chain).recordsArchived();
            LegalHolds holds = new LegalHolds(store, appender, archive, clock);
            RetentionRunner runner = new RetentionRunner(store, appender, new RetentionSettings(new RetentionPolicies(List.of(
                    new RetentionPolicy("loans", "*", "*", RetentionAge.parse("P30D"), RetentionAge.parse("P10Y")))), Map.of(),
                    null, 100), ComplianceMode.HIPAA.defaults(), archival, new ArchiveRetention(archive, none), List.of(), holds, RetentionListener.NONE, clock);

            RetentionResult dry = runner.run(true, ADMIN);
            RetentionResult run = runner.run(false, ADMIN);

            // recorded 2020-01-01 + 10 days each; now is 2020-07-19: older than 30 days are the first 17
            assertThat(dry.archived()).containsEntry("loans/acme", 17L);
            assertThat(run.archived()).isEqualTo(dry.archived());
            assertThat(store.stream(CHAIN).findFirst().orElseThrow().seq()).isEqualTo(18);
            TieredVerification v = new TieredVerifier(archive, none).verify(store, CHAIN, new RetentionAnchors(store));
            assertThat(v.valid()).as("%s", v).isTrue();
            assertThat(v.verification().recordsChecked()).isEqualTo(20);

            Hold h = holds.place("loans", "acme", null, null, null, null, "case", "C-1", ADMIN);
            assertThat(archive.list("")).isNotEmpty().allMatch(o -> archive.head(o.key()).orElseThrow().legalHold());
            holds.release(h.id(), ADMIN);
            assertThat(archive.list("")).noneMatch(o -> archive.head(o.key()).map(ArchiveObject::legalHold).orElse(false));
        }
    }

    @Test
    void expiredArchivedSegments_areDeletedOldestFirst_andTheChainStillVerifies() {
        try (ChainAppender appender = new ChainAppender(store, clock)) {
            for (int i = 0; i < 20; i++) {
                appender.append(AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u").outcome("ok").build());
                clock.now = clock.now.plus(Duration.ofDays(10));
            }
            ChainArchival archival = (chain, cutoff) -> new Archiver(store, archive, none, new ArchivalPolicy(
                    Duration.between(cutoff, clock.instant()), 1000, Duration.ZERO, false, "test"),
                    Clock.fixed(clock.instant(), ZoneOffset.UTC)).archive(chain).recordsArchived();
            RetentionRunner runner = new RetentionRunner(store, appender, new RetentionSettings(new RetentionPolicies(List.of(
                    new RetentionPolicy("loans", "*", "*", RetentionAge.parse("P30D"), RetentionAge.parse("P90D")))), Map.of(),
                    null, 100), ComplianceMode.SOC2.defaults(), archival, new ArchiveRetention(archive, none), List.of(),
                    RetentionHolds.NONE, RetentionListener.NONE, clock);
            runner.run(false, ADMIN);                           // archives 17 records in monthly segments
            assertThat(archive.list("")).hasSize(12);           // 6 monthly segments 2020-01..06 and their manifests

            RetentionResult dry = runner.run(true, ADMIN);
            RetentionResult run = runner.run(false, ADMIN);

            // now 2020-07-19; older than 90 days: before 2020-04-20 -> whole segments Jan, Feb, Mar (10 records)
            assertThat(run.deleted().get(RetentionRunner.ARCHIVE)).containsEntry("decision", 10L);
            assertThat(dry.deleted()).isEqualTo(run.deleted());
            assertThat(archive.list("")).hasSize(6);
            assertThat(run.chains()).singleElement().satisfies(c -> assertThat(c).containsEntry("tier", "archive")
                    .containsEntry("deleted_through_seq", 10L));
            TieredVerification v = new TieredVerifier(archive, none).verify(store, CHAIN, new RetentionAnchors(store));
            assertThat(v.valid()).as("%s", v).isTrue();
            assertThat(v.verification().recordsChecked()).isEqualTo(10);
            TieredVerification unanchored = new TieredVerifier(archive, none).verify(store, CHAIN);
            assertThat(unanchored.valid()).isFalse();
        }
    }
}
