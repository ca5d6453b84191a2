package dev.custody.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryEngineTest {

    private static final ChainId A = ChainId.of("billing", "acme");
    private static final ChainId B = ChainId.of("hr", "acme");

    @TempDir
    Path home;

    private final MemoryAuditStore store = new MemoryAuditStore();
    private final ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
    private final List<DeliveryEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(DeliveryEngine::close);
        appender.close();
    }

    private static DeliverySettings fast(int maxRecords) {
        return new DeliverySettings(SinkFilter.ALL, maxRecords, 1 << 20, Duration.ZERO, Duration.ofMillis(5),
                Duration.ofMillis(40), 3, false, Duration.ofMillis(20));
    }

    private DeliveryEngine engine(RecordingSink sink, DeliverySettings settings) {
        DeliveryEngine e = new DeliveryEngine(store, home, List.of(new DeliveryEngine.Sink("siem", sink, settings)),
                DeliveryListener.NONE, Clock.systemUTC());
        engines.add(e);
        e.start();
        return e;
    }

    private void append(ChainId chain, int n, String kind) {
        appender.append(IntStream.range(0, n).mapToObj(i -> AuditEvent.builder(chain).kind(kind).action("read")
                .actor("user", "u-" + i).outcome("success").payload(java.util.Map.of("i", i)).build()).toList());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void deliversEveryChainInSeqOrder_inBatchesOfTheConfiguredSize() throws Exception {
        append(A, 7, "access");
        append(B, 3, "access");
        RecordingSink sink = new RecordingSink();
        DeliveryEngine engine = engine(sink, fast(4));
        await(() -> sink.records().size() == 10);
        assertThat(sink.seqs(A)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(sink.seqs(B)).containsExactly(1L, 2L, 3L);
        assertThat(sink.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(4));
        await(() -> engine.status().get(0).lag() == 0);   // a pass ended after everything was acknowledged
        assertThat(engine.status().get(0).delivered()).isEqualTo(10);
        assertThat(Files.readString(home.resolve("sinks/siem/cursor.log"))).contains("billing/acme 7", "hr/acme 3");
    }

    @Test
    void wakeDeliversNewAppendsWithoutWaitingForThePoll() throws Exception {
        RecordingSink sink = new RecordingSink();
        DeliverySettings slowPoll = new DeliverySettings(SinkFilter.ALL, 100, 1 << 20, Duration.ofMillis(20),
                Duration.ofMillis(5), Duration.ofMillis(40), 3, false, Duration.ofMinutes(5));
        DeliveryEngine engine = engine(sink, slowPoll);
        Thread.sleep(50);
        append(A, 5, "access");
        engine.wake(A);
        await(() -> sink.records().size() == 5);
        assertThat(sink.batches).hasSize(1);   // the linger gathered the burst
    }

    @Test
    void batchesByBytes_atLeastOneRecordEach() throws Exception {
        append(A, 6, "access");
        long size = store.readRange(A, 1, 1).get(0).json().length();
        RecordingSink sink = new RecordingSink();
        engine(sink, new DeliverySettings(SinkFilter.ALL, 100, Math.max(1024, size * 2 + 1), Duration.ZERO,
                Duration.ofMillis(5), Duration.ofMillis(40), 3, false, Duration.ofMillis(20)));
        await(() -> sink.records().size() == 6);
        long perBatch = Math.max(1024, size * 2 + 1) / size;
        assertThat(sink.batches).allSatisfy(b -> assertThat((long) b.size()).isLessThanOrEqualTo(perBatch));
    }

    @Test
    void restartResumesFromTheDurableCursor_withoutRedeliveringAcknowledgedRecords() throws Exception {
        append(A, 5, "access");
        RecordingSink first = new RecordingSink();
        DeliveryEngine e1 = engine(first, fast(2));
        await(() -> first.records().size() == 5);
        await(() -> e1.status().get(0).lag() == 0);
        e1.close();
        assertThat(first.closed).isTrue();
        append(A, 3, "access");
        RecordingSink second = new RecordingSink();
        engine(second, fast(2));
        await(() -> second.records().size() == 3);
        assertThat(second.seqs(A)).containsExactly(6L, 7L, 8L);
    }

    @Test
    void failedBatchesAreRetriedInOrder_thenDelivered() throws Exception {
        append(A, 4, "access");
        RecordingSink sink = new RecordingSink();
        sink.failuresLeft = 2;
        DeliveryEngine engine = engine(sink, fast(10));
        await(() -> sink.records().size() == 4);
        assertThat(sink.seqs(A)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sink.attempts.get()).isEqualTo(3);
        assertThat(engine.status().get(0).failures()).isEqualTo(2);
        assertThat(engine.status().get(0).failing()).isFalse();
        assertThat(home.resolve("sinks/siem/dead-letter.jsonl")).doesNotExist();
    }

    @Test
    void afterMaxAttemptsTheBatchGoesToTheDeadLetterFile_andDeliveryMovesOn() throws Exception {
        append(A, 2, "access");
        RecordingSink sink = new RecordingSink();
        sink.failuresLeft = 3;   // max-attempts 3: the first batch is given up
        DeliveryEngine engine = engine(sink, fast(10));
        await(() -> engine.status().get(0).deadLettered() == 2);
        append(A, 1, "access");
        engine.wake(A);
        await(() -> sink.records().size() == 1);
        assertThat(sink.seqs(A)).containsExactly(3L);
        List<String> lines = Files.readAllLines(home.resolve("sinks/siem/dead-letter.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        List<AuditRecord> stored = store.readRange(A, 1, 2);
        for (int i = 0; i < 2; i++) {
            assertThat(lines.get(i)).startsWith("{\"sink\":\"siem\",\"chain\":\"billing/acme\",\"seq\":" + (i + 1))
                    .contains("\"error\":\"receiver refused (0 refusals left)\"")
                    .endsWith(",\"record\":" + stored.get(i).json() + "}");
        }
        // a dead letter holds whole records: owner-only whatever the umask, like the cursor beside it
        for (String p : List.of("sinks", "sinks/siem", "sinks/siem/dead-letter.jsonl", "sinks/siem/cursor")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(p))))
                    .as(p).isEqualTo(p.endsWith("siem") || p.endsWith("sinks") ? "rwx------" : "rw-------");
        }
    }

    @Test
    void failClosedSinkRefusesIngestWhileFailing_andNeverDeadLetters() throws Exception {
        append(A, 1, "access");
        RecordingSink sink = new RecordingSink();
        sink.failuresLeft = 6;
        DeliverySettings closed = new DeliverySettings(SinkFilter.ALL, 10, 1 << 20, Duration.ZERO, Duration.ofMillis(20),
                Duration.ofMillis(20), 2, true, Duration.ofMillis(20));
        DeliveryEngine engine = engine(sink, closed);
        await(() -> engine.status().get(0).failing());
        assertThatThrownBy(engine::checkIngest).isInstanceOf(SinkUnavailableException.class)
                .hasMessageContaining("sink 'siem' is configured fail-closed and is failing");
        await(() -> sink.records().size() == 1);
        engine.checkIngest();
        assertThat(sink.attempts.get()).isEqualTo(7);
        assertThat(home.resolve("sinks/siem/dead-letter.jsonl")).doesNotExist();
    }

    @Test
    void filterSelectsByNamespaceTenantAndKind_andTheCursorPassesSkippedRecords() throws Exception {
        append(A, 2, "access");
        append(A, 2, "decision");
        append(B, 2, "decision");
        RecordingSink sink = new RecordingSink();
        DeliveryEngine engine = engine(sink, fast(10).withFilter(new SinkFilter(Set.of("billing"), Set.of(), Set.of("decision"))));
        await(() -> engine.status().get(0).lag() == 0 && sink.records().size() == 2);
        assertThat(sink.records()).extracting(AuditRecord::seq).containsExactly(3L, 4L);
        assertThat(sink.records()).allSatisfy(r -> assertThat(r.kind()).isEqualTo("decision"));
    }

    @Test
    void aSlowSinkDoesNotSlowIngest() throws Exception {
        RecordingSink sink = new RecordingSink() {
            @Override
            public void deliver(ChainId chain, List<AuditRecord> batch) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.deliver(chain, batch);
            }
        };
        DeliveryEngine engine = engine(sink, fast(10));
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            append(A, 1, "access");
            engine.wake(A);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        DeliverySettings s = new DeliverySettings(SinkFilter.ALL, 10, 2048, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(500), 5, false, Duration.ofSeconds(1));
        assertThat(List.of(s.backoff(1), s.backoff(2), s.backoff(3), s.backoff(4), s.backoff(9))).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
                Duration.ofMillis(500));
        assertThatThrownBy(() -> new DeliverySettings(SinkFilter.ALL, 0, 2048, Duration.ZERO, Duration.ofMillis(1),
                Duration.ofMillis(1), 1, false, Duration.ofSeconds(1))).hasMessageContaining("batch.max-records");
    }
}
