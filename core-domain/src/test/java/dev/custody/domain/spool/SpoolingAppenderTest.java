package dev.custody.domain.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.EventTransformer;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingAppenderTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private static final SpoolSettings FAST = new SpoolSettings(true, 1000, 1L << 20, Duration.ofMillis(20));

    @TempDir
    Path dir;
    final FlakyStore store = new FlakyStore();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SpoolingAppender appender(SpoolSettings settings) {
        return appender(settings, EventTransformer.IDENTITY);
    }

    private SpoolingAppender appender(SpoolSettings settings, EventTransformer transformer) {
        ChainAppender chain = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT, AppendListener.NONE,
                transformer);
        SpoolingAppender s = new SpoolingAppender(chain, store, settings, dir.resolve("spool"), Clock.systemUTC(),
                SpoolListener.NONE);
        open.add(chain);
        open.add(s);
        return s;
    }

    private static AuditEvent event(int i) {
        return AuditEvent.builder(CHAIN).kind("decision").action("loan.approve").actor("service", "scorer")
                .outcome("approved").payload(Map.of("i", i, "note", "Résumé ☃ \"q\"", "score", 0.87)).build();
    }

    private static AppendOutcome append(SpoolingAppender a, int i) {
        return a.appendAsync(List.of(event(i))).join();
    }

    private List<AuditRecord> stored() {
        try (Stream<AuditRecord> s = store.delegate.stream(CHAIN)) {
            return s.toList();
        }
    }

    private void awaitDrained(SpoolingAppender a) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.status().degraded() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(a.status().degraded()).as("still degraded: %s", a.status()).isFalse();
    }

    private void assertChainIs(List<String> ids) {
        List<AuditRecord> records = stored();
        assertThat(records).extracting(AuditRecord::id).containsExactlyElementsOf(ids);
        assertThat(new ChainVerifier().verify(store.delegate, CHAIN).valid()).isTrue();
    }

    private static String id(AppendOutcome o) {
        return o instanceof AppendOutcome.Stored s ? s.records().get(0).id() : ((AppendOutcome.Spooled) o).ids().get(0);
    }

    /**
     * An append that timed out is spooled; the network delivers the held request right after the drain looked for a
     * copy (and found none) and before it appends. Appending on a tip read later put the event after its own copy.
     */
    @Test
    void aTimedOutAppendDeliveredRightAfterTheDrainLooked_isStoredOnce() throws Exception {
        SpoolingAppender a = appender(FAST);
        List<String> ids = new ArrayList<>();
        ids.add(id(append(a, 0)));
        store.holdNextAppend = true;
        store.tipsBeforeHeldLands.set(2);   // the drainer's probe, then its look at the tip for the spooled entry
        AppendOutcome o = append(a, 1);
        assertThat(o).isInstanceOf(AppendOutcome.Spooled.class);
        ids.add(id(o));
        awaitDrained(a);
        ids.add(id(append(a, 2)));
        assertThat(stored()).extracting(AuditRecord::id).as("every id once, in order").containsExactlyElementsOf(ids);
        assertChainIs(ids);
    }

    @Test
    void storeDown_eventsAreSpooledThenDrainedInAcceptanceOrder() throws Exception {
        SpoolingAppender a = appender(FAST);
        List<String> ids = new ArrayList<>();
        ids.add(id(append(a, 0)));
        store.down = true;
        for (int i = 1; i <= 20; i++) {
            AppendOutcome o = append(a, i);
            assertThat(o).isInstanceOf(AppendOutcome.Spooled.class);
            ids.add(id(o));
        }
        assertThat(a.status().events()).isEqualTo(20);
        assertThat(a.status().storeReachable()).isFalse();
        assertThat(a.status().degraded()).isTrue();
        store.down = false;
        awaitDrained(a);
        assertChainIs(ids);
        // the drainer removes the chain's spool on its next look after the last entry drained (status says 0 first)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(dir.resolve("spool/billing/acme")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Files.exists(dir.resolve("spool/billing/acme"))).as("an empty chain spool is removed").isFalse();
        assertThat(append(a, 21)).isInstanceOf(AppendOutcome.Stored.class);
    }

    @Test
    void spooledEventsAreKeptTransformedAndNotTransformedAgainWhenDrained() throws Exception {
        // the transformer stands for personal-data encryption: the spool must hold its output, applied once
        EventTransformer mark = (event, recordId) -> AuditEvent.builder(event.chain()).kind(event.kind())
                .action(event.action()).actor(event.actor()).outcome(event.outcome())
                .payload(Map.of("sealed", "[" + event.payload().get("i") + "]" + (event.payload().containsKey("sealed")
                        ? event.payload().get("sealed") : ""))).build();
        SpoolingAppender a = appender(FAST, mark);
        store.down = true;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(id(append(a, i)));
        }
        String spooled = Files.readString(dir.resolve("spool/billing/acme/entries.jsonl"));
        assertThat(spooled).contains("\"sealed\":\"[0]\"").doesNotContain("Résumé");
        store.down = false;
        awaitDrained(a);
        assertChainIs(ids);
        assertThat(stored()).extracting(r -> r.json().contains("\"payload\":{\"sealed\":\"[")).containsOnly(true);
        assertThat(stored().get(1).json()).contains("\"sealed\":\"[1]\"");
    }

    @Test
    void lostAcknowledgement_theDrainFindsTheStoredCopyAndDoesNotDuplicate() throws Exception {
        SpoolingAppender a = appender(FAST);
        List<String> ids = new ArrayList<>();
        ids.add(id(append(a, 0)));
        store.lostAcks.set(1);            // stored, but the caller hears "connection reset"
        AppendOutcome o = append(a, 1);
        assertThat(o).isInstanceOf(AppendOutcome.Spooled.class);
        ids.add(id(o));
        awaitDrained(a);
        assertChainIs(ids);
    }

    @Test
    void lostAcknowledgementDuringTheDrain_theInflightRangeIsResolvedWithoutDuplicates() throws Exception {
        SpoolingAppender a = appender(FAST);
        store.down = true;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(id(append(a, i)));
        }
        store.lostAcks.set(1);            // the drain's own append is stored, its answer lost
        store.down = false;
        awaitDrained(a);
        assertChainIs(ids);
    }

    @Test
    void restart_whatWasSpooledDrainsAfterReopening() throws Exception {
        SpoolingAppender a = appender(FAST);
        store.down = true;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(id(append(a, i)));
        }
        close();
        open.clear();
        store.down = false;
        SpoolingAppender b = appender(FAST);
        assertThat(b.status().events()).isEqualTo(7);
        awaitDrained(b);
        assertChainIs(ids);
    }

    @Test
    void tornLastLine_isCutOnOpen_andTheRestDrains() throws Exception {
        SpoolingAppender a = appender(FAST);
        store.down = true;
        List<String> ids = List.of(id(append(a, 0)), id(append(a, 1)));
        close();
        open.clear();
        Files.writeString(dir.resolve("spool/billing/acme/entries.jsonl"), "{\"accepted_at\":\"2026-",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        store.down = false;
        SpoolingAppender b = appender(FAST);
        awaitDrained(b);
        assertChainIs(ids);
    }

    @Test
    void corruptEntryInTheMiddle_refusesToOpen() throws Exception {
        SpoolingAppender a = appender(FAST);
        store.down = true;
        append(a, 0);
        close();
        open.clear();
        Path entries = dir.resolve("spool/billing/acme/entries.jsonl");
        Files.writeString(entries, "not json\n" + Files.readString(entries));
        assertThatThrownBy(() -> appender(FAST)).hasMessageContaining("corrupt spool entry");
    }

    @Test
    void spoolFull_refusesWithNothingStored() {
        SpoolingAppender a = appender(new SpoolSettings(true, 3, 1L << 20, Duration.ofMillis(20)));
        store.down = true;
        for (int i = 0; i < 3; i++) {
            append(a, i);
        }
        assertThat(a.status().full()).isTrue();
        assertThatThrownBy(() -> append(a, 3)).isInstanceOf(SpoolFullException.class);
        assertThat(a.status().events()).isEqualTo(3);
    }

    @Test
    void disabled_theOutageIsTheCallersProblem() {
        SpoolingAppender a = appender(SpoolSettings.DISABLED);
        store.down = true;
        assertThatThrownBy(() -> append(a, 0)).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(a.status().events()).isZero();
    }

    @Test
    void concurrentWritersAcrossAnOutage_everyAcceptedEventIsStoredOnce() throws Exception {
        SpoolingAppender a = appender(new SpoolSettings(true, 100_000, 64L << 20, Duration.ofMillis(20)));
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1000;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 150; i++) {
                    accepted.add(id(append(a, base + i)));
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(30);
        store.down = true;
        Thread.sleep(100);
        store.lostAcks.set(2);
        store.down = false;
        for (Thread th : threads) {
            th.join();
        }
        awaitDrained(a);
        List<String> ids = stored().stream().map(AuditRecord::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(new ChainVerifier().verify(store.delegate, CHAIN).valid()).isTrue();
    }

    @Test
    void spoolFileHoldsTheEventsAsAccepted() throws IOException {
        SpoolingAppender a = appender(FAST);
        store.down = true;
        String id = id(append(a, 42));
        String line = Files.readString(dir.resolve("spool/billing/acme/entries.jsonl"));
        assertThat(line).contains(id, "Résumé ☃ \\\"q\\\"", "\"accepted_at\"").endsWith("\n");
    }
}
