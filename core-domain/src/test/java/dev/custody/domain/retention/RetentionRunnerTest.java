package dev.custody.domain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.MovableClock;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.compliance.ComplianceSettings;
import dev.custody.domain.compliance.ComplianceViolationException;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retention on a memory store with a clock moved years forward. */
class RetentionRunnerTest {

    private static final ChainId LOANS = ChainId.of("loans", "acme");
    private static final ChainId OTHER = ChainId.of("loans", "other");
    private static final Ref ADMIN = new Ref("api_key", "ops");

    private final MovableClock clock = new MovableClock(Instant.parse("2020-01-01T00:00:00Z"));
    private final MemoryAuditStore store = new MemoryAuditStore();
    private final ChainAppender appender = new ChainAppender(store, clock);

    @AfterEach
    void close() {
        appender.close();
    }

    @Test
    void theServicesOwnChains_areNeverShortened_soAnchorsAndHoldsOutliveEveryPolicy() {
        append(LOANS, 25, "decision", Duration.ofDays(30));     // 2020-01 .. 2022-01
        append(dev.custody.domain.privacy.ErasureService.ADMIN_CHAIN, 3, "admin", Duration.ofDays(1));
        clock.now = Instant.parse("2027-01-01T00:00:00Z");
        append(LOANS, 2, "decision", Duration.ofDays(1));
        RetentionRunner runner = runner(policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P1Y"))),
                ComplianceMode.SOC2.defaults(), RetentionHolds.NONE);
        runner.run(false, ADMIN);
        clock.now = Instant.parse("2035-01-01T00:00:00Z");
        append(LOANS, 1, "decision", Duration.ofDays(1));

        runner.run(false, ADMIN);

        assertThat(store.readRange(dev.custody.domain.privacy.ErasureService.ADMIN_CHAIN, 1, 100)).as("custody/admin untouched").hasSize(3);
        assertThat(store.readRange(ChainId.of("custody", "acme"), 1, 100)).as("both retention records kept").hasSize(2);
        Verification v = new ChainVerifier().verify(store, LOANS, new RetentionAnchors(store));
        assertThat(v.valid()).as("%s", v).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(1);
    }

    @Test
    void mostSpecificPolicyWins_namespaceOverTenantOverKind() {
        RetentionPolicies p = policies(
                new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P10Y")),
                new RetentionPolicy("*", "*", "access", null, RetentionAge.parse("P1Y")),
                new RetentionPolicy("*", "acme", "*", null, RetentionAge.parse("P2Y")),
                new RetentionPolicy("loans", "*", "*", null, RetentionAge.parse("P3Y")));

        assertThat(p.match("hr", "x", "decision").orElseThrow().deleteAfter().text()).isEqualTo("P10Y");
        assertThat(p.match("hr", "x", "access").orElseThrow().deleteAfter().text()).isEqualTo("P1Y");
        assertThat(p.match("hr", "acme", "access").orElseThrow().deleteAfter().text()).isEqualTo("P2Y");
        assertThat(p.match("loans", "acme", "access").orElseThrow().deleteAfter().text()).isEqualTo("P3Y");
        assertThatThrownBy(() -> new RetentionPolicy("*", "*", "access", RetentionAge.parse("P1Y"), null))
                .hasMessageContaining("archive-after applies to whole chains");
        assertThatThrownBy(() -> RetentionAge.parse("7 years")).hasMessageContaining("not an ISO-8601 period");
    }

    @Test
    void run_deletesTheExpiredPrefixInBatches_keepsTheTip_andTheRestVerifies() {
        append(LOANS, 25, "decision", Duration.ofDays(30));     // 2020-01 .. 2022-01
        clock.now = Instant.parse("2027-01-01T00:00:00Z");
        append(LOANS, 5, "decision", Duration.ofDays(1));
        RetentionRunner runner = runner(policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P6Y"))),
                ComplianceMode.SOC2.defaults(), RetentionHolds.NONE);

        RetentionResult r = runner.run(false, ADMIN);

        // records older than 2021-01-01 (6 years before 2027-01-06) are the first 13 (2020-01-01 + 12 * 30 days)
        assertThat(r.deleted().get(RetentionRunner.WARM)).containsEntry("decision", 13L);
        assertThat(store.stream(LOANS).findFirst().orElseThrow().seq()).isEqualTo(14);
        assertThat(store.tip(LOANS).seq()).isEqualTo(30);
        Verification v = new ChainVerifier().verify(store, LOANS, new RetentionAnchors(store));
        assertThat(v.valid()).as("%s", v).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(17);
        Verification unanchored = new ChainVerifier().verify(store, LOANS, dev.custody.domain.chain.ChainAnchors.NONE);
        assertThat(unanchored.valid()).isFalse();
        assertThat(unanchored.reason()).contains("expected seq 1, found 14");
        assertThat(r.record()).containsEntry("namespace", "custody").containsEntry("tenant", "acme");
        AuditRecord rec = store.readRange(ChainId.of("custody", "acme"), 1, 1).get(0);
        assertThat(rec.kind()).isEqualTo("retention");
        assertThat(rec.json()).contains("\"warm\":{\"decision\":13}");
    }

    @Test
    void purge_usesBoundedBatches() {
        append(LOANS, 50, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        List<Long> calls = new ArrayList<>();
        AuditStore recording = (AuditStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AuditStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("purgeBefore")) {
                        calls.add((Long) args[1]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RetentionRunner runner = new RetentionRunner(recording, appender,
                new RetentionSettings(policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P1Y"))), Map.of(),
                        null, 20), ComplianceMode.NONE.defaults(), null, null, List.of(), RetentionHolds.NONE, RetentionListener.NONE, clock);

        RetentionResult r = runner.run(false, ADMIN);

        assertThat(r.deletedIn(RetentionRunner.WARM)).isEqualTo(49);
        assertThat(calls).containsExactly(21L, 41L, 50L);
    }

    @Test
    void kindPolicies_deleteOnlyUpToTheFirstRecordNotYetExpired() {
        append(LOANS, 3, "access", Duration.ofDays(1));
        append(LOANS, 1, "decision", Duration.ofDays(1));
        append(LOANS, 3, "access", Duration.ofDays(1));
        clock.now = Instant.parse("2022-01-01T00:00:00Z");
        RetentionRunner runner = runner(policies(new RetentionPolicy("*", "*", "access", null, RetentionAge.parse("P1Y")),
                new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P7Y"))), ComplianceMode.NONE.defaults(), RetentionHolds.NONE);

        RetentionResult r = runner.run(false, ADMIN);

        assertThat(r.deleted().get(RetentionRunner.WARM)).containsExactly(Map.entry("access", 3L));
        assertThat(store.stream(LOANS).findFirst().orElseThrow().kind()).isEqualTo("decision");
        assertThat(new ChainVerifier().verify(store, LOANS, new RetentionAnchors(store)).valid()).isTrue();
    }

    @Test
    void aHeldRecord_stopsThePurgeOfItsChain() {
        append(LOANS, 10, "decision", Duration.ofDays(1));
        append(OTHER, 10, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        RetentionHolds holds = rec -> rec.chain().equals(LOANS) && rec.seq() == 4 ? Optional.of("hold-1") : Optional.empty();
        RetentionRunner runner = runner(policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P1Y"))),
                ComplianceMode.NONE.defaults(), holds);

        RetentionResult r = runner.run(false, ADMIN);

        assertThat(store.stream(LOANS).findFirst().orElseThrow().seq()).isEqualTo(4);
        assertThat(store.stream(OTHER).findFirst().orElseThrow().seq()).isEqualTo(10);
        assertThat(r.notes()).anyMatch(n -> n.contains("loans/acme") && n.contains("held by hold hold-1"));
        assertThat(r.record()).containsEntry("tenant", RetentionRunner.SYSTEM_TENANT);
    }

    @Test
    void immutableAudit_refusesBeforeAnythingChanges_dryRunToo() {
        append(LOANS, 10, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        RetentionRunner runner = runner(policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P6Y"))),
                ComplianceMode.HIPAA.defaults(), RetentionHolds.NONE);

        assertThatThrownBy(() -> runner.run(false, ADMIN)).isInstanceOf(ComplianceViolationException.class)
                .hasMessageContaining("retention delete of 9 expired records refused")
                .hasMessageContaining("immutable-audit is on (mode hipaa)");
        assertThatThrownBy(() -> runner.run(true, ADMIN)).isInstanceOf(ComplianceViolationException.class);
        assertThat(store.stream(LOANS).count()).isEqualTo(10);
        assertThat(store.chains()).containsExactly(LOANS);
    }

    @Test
    void immutableOverride_offLetsHipaaDelete_onMakesSoc2Refuse() {
        append(LOANS, 10, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        RetentionPolicies p = policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P6Y")));

        assertThatThrownBy(() -> runner(p, ComplianceSettings.of(ComplianceMode.SOC2, null, true, null), RetentionHolds.NONE)
                .run(false, ADMIN)).isInstanceOf(ComplianceViolationException.class);
        RetentionResult r = runner(p, ComplianceSettings.of(ComplianceMode.HIPAA, null, false, null), RetentionHolds.NONE)
                .run(false, ADMIN);
        assertThat(r.deletedIn(RetentionRunner.WARM)).isEqualTo(9);
    }

    @Test
    void dryRun_reportsTheSameCountsAndChangesNothing() {
        append(LOANS, 10, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        RetentionRunner runner = runner(policies(new RetentionPolicy("loans", "*", "*", null, RetentionAge.parse("P6Y"))),
                ComplianceMode.NONE.defaults(), RetentionHolds.NONE);

        RetentionResult dry = runner.run(true, ADMIN);
        assertThat(store.stream(LOANS).count()).isEqualTo(10);
        assertThat(store.chains()).containsExactly(LOANS);
        assertThat(dry.record()).isEmpty();

        RetentionResult real = runner.run(false, ADMIN);
        assertThat(real.deleted()).isEqualTo(dry.deleted());
        assertThat(real.chains()).isEqualTo(dry.chains());
    }

    @Test
    void subjectData_ofASubjectAHoldNames_isKept_andAStoreThatCannotKeepDeletesNothing() {
        OldItems store = new OldItems();   // implements only the SPI's required methods: no keep, no count
        RetentionHolds naming = new RetentionHolds() {
            @Override
            public Optional<String> holdOn(AuditRecord record) {
                return Optional.empty();
            }

            @Override
            public java.util.Set<String> heldSubjects() {
                return java.util.Set.of("s-held");
            }
        };
        clock.now = Instant.parse("2030-01-01T00:00:00Z");

        RetentionResult held = subjectRunner(store, naming).run(false, ADMIN);
        assertThat(store.deletions).isZero();
        assertThat(held.deletedIn(RetentionRunner.SUBJECT_DATA)).isZero();
        assertThat(held.notes()).anyMatch(n -> n.contains("subject data of 1 subject named by a legal hold kept"))
                .anyMatch(n -> n.contains("conversation_checkpoints (old items): nothing deleted")
                        && n.contains("cannot leave held subjects out"));
        RetentionResult dry = subjectRunner(store, naming).run(true, ADMIN);
        assertThat(dry.notes()).anyMatch(n -> n.contains("not counted"));

        RetentionResult released = subjectRunner(store, RetentionHolds.NONE).run(false, ADMIN);
        assertThat(store.deletions).isEqualTo(1);
        assertThat(released.deletedIn(RetentionRunner.SUBJECT_DATA)).isEqualTo(7);
    }

    @Test
    void aScopedRun_readsAndShortensOnlyTheChainsItCovers_andLeavesSubjectDataAlone() {
        append(LOANS, 3, "decision", Duration.ofDays(1));
        append(OTHER, 3, "decision", Duration.ofDays(1));
        clock.now = Instant.parse("2030-01-01T00:00:00Z");
        append(LOANS, 1, "decision", Duration.ofDays(1));
        append(OTHER, 1, "decision", Duration.ofDays(1));
        OldItems subjects = new OldItems();
        RetentionRunner runner = new RetentionRunner(store, appender, new RetentionSettings(
                policies(new RetentionPolicy("*", "*", "*", null, RetentionAge.parse("P1Y"))),
                Map.of("conversation_checkpoints", RetentionAge.parse("P90D")), null, 10_000), ComplianceMode.SOC2.defaults(),
                null, null, List.of(subjects), RetentionHolds.NONE, RetentionListener.NONE, clock);
        List<AuditRecord> other = store.readRange(OTHER, 1, 100);

        RetentionResult dry = runner.run(true, ADMIN, RetentionScope.only(LOANS::equals));
        RetentionResult r = runner.run(false, ADMIN, RetentionScope.only(LOANS::equals));

        assertThat(dry.deletedIn(RetentionRunner.WARM)).isEqualTo(3);
        assertThat(r.deletedIn(RetentionRunner.WARM)).isEqualTo(3);
        assertThat(store.readRange(LOANS, 1, 100)).extracting(AuditRecord::seq).containsExactly(4L);
        assertThat(store.readRange(OTHER, 1, 100)).as("outside the scope").isEqualTo(other);
        assertThat(r.chains()).allMatch(c -> c.get("chain").equals("loans/acme"));
        assertThat(subjects.deletions).as("subject data is left to a run over everything").isZero();
        assertThat(r.notes()).anyMatch(n -> n.contains("subject data is left to a run over every tenant"));
        assertThat(r.record()).containsEntry("tenant", "acme");

        runner.run(false, ADMIN, RetentionScope.ALL);
        assertThat(store.readRange(OTHER, 1, 100)).extracting(AuditRecord::seq).containsExactly(4L);
        assertThat(subjects.deletions).isEqualTo(1);
    }

    private RetentionRunner subjectRunner(dev.custody.ports.SubjectDataStore subjects, RetentionHolds holds) {
        return new RetentionRunner(store, appender, new RetentionSettings(policies(), Map.of("conversation_checkpoints",
                RetentionAge.parse("P90D")), null, 10_000), ComplianceMode.SOC2.defaults(), null, null, List.of(subjects), holds,
                RetentionListener.NONE, clock);
    }

    /** A subject data store with 7 old items that can only delete all inactive items at once. */
    private static final class OldItems implements dev.custody.ports.SubjectDataStore {
        int deletions;

        @Override
        public String dataType() {
            return "conversation_checkpoints";
        }

        @Override
        public void put(String subjectKey, String itemId, String data, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> get(String subjectKey, String itemId) {
            return Optional.empty();
        }

        @Override
        public long count(String subjectKey) {
            return 0;
        }

        @Override
        public long deleteSubject(String subjectKey) {
            return 0;
        }

        @Override
        public long deleteInactiveBefore(Instant cutoff) {
            return deletions++ == 0 ? 7 : 0;
        }

        @Override
        public String describe() {
            return "old items";
        }

        @Override
        public void close() {
        }
    }

    private RetentionRunner runner(RetentionPolicies policies, ComplianceSettings compliance, RetentionHolds holds) {
        return new RetentionRunner(store, appender, new RetentionSettings(policies, Map.of(), null, 10_000), compliance, null,
                null, List.of(), holds, RetentionListener.NONE, clock);
    }

    private static RetentionPolicies policies(RetentionPolicy... p) {
        return new RetentionPolicies(List.of(p));
    }

    private void append(ChainId chain, int n, String kind, Duration step) {
        for (int i = 0; i < n; i++) {
            appender.append(AuditEvent.builder(chain).kind(kind).action("a").actor("user", "u").outcome("ok").build());
            clock.now = clock.now.plus(step);
        }
    }
}
