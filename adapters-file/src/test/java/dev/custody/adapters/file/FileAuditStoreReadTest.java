package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditStoreReadTest {

    static final Instant DAY1 = Instant.parse("2026-11-23T22:00:00.000001Z");
    static final Instant DAY2 = Instant.parse("2026-11-24T01:00:00.000001Z");
    static final Instant DAY3 = Instant.parse("2026-11-25T01:00:00.000001Z");

    @TempDir
    Path dir;

    FileAuditStore store;
    TestChain chain = TestChain.of("billing", "acme");
    List<AuditRecord> all = new ArrayList<>();

    @BeforeEach
    void open() {
        store = FileAuditStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void dayRollover_putsRecordsInTheirDayFilesAndReadsContinueAcrossThem() throws IOException {
        append(chain.nextAt(DAY1), chain.nextAt(DAY1.plusSeconds(60)));
        append(chain.nextAt(DAY1.plusSeconds(120)), chain.nextAt(DAY2), chain.nextAt(DAY2.plusSeconds(1)));
        append(chain.nextAt(DAY3));

        Path chainDir = dir.resolve("billing/acme");
        assertThat(lines(chainDir.resolve("2026-11-23.jsonl"))).hasSize(3);
        assertThat(lines(chainDir.resolve("2026-11-24.jsonl"))).hasSize(2);
        assertThat(lines(chainDir.resolve("2026-11-25.jsonl"))).hasSize(1);
        assertThat(store.readRange(chain.chain, 1, Long.MAX_VALUE)).containsExactlyElementsOf(all);
        assertThat(store.readRange(chain.chain, 3, 5)).containsExactlyElementsOf(all.subList(2, 5));
        assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(all.get(5)));

        store.close();
        store = FileAuditStore.open(dir);

        assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(all.get(5)));
        assertThat(store.readRange(chain.chain, 2, 6)).containsExactlyElementsOf(all.subList(1, 6));
        append(chain.nextAt(DAY3.plusSeconds(1)));
        assertThat(lines(chainDir.resolve("2026-11-25.jsonl"))).hasSize(2);
        assertThat(store.readRange(chain.chain, 4, 7)).containsExactlyElementsOf(all.subList(3, 7));
    }

    @Test
    void stream_honoursItsBoundsAndChecksThem() {
        append(chain.next(10).toArray(AuditRecord[]::new));

        assertThat(seqs(store.stream(chain.chain, 3, 5))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(store.stream(chain.chain, 10, 10))).containsExactly(10L);
        assertThat(seqs(store.stream(chain.chain, 8, 50))).containsExactly(8L, 9L, 10L);
        assertThat(seqs(store.stream(chain.chain, 11, 20))).isEmpty();
        assertThat(seqs(store.stream(chain.chain))).hasSize(10);
        assertThatThrownBy(() -> store.stream(chain.chain, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.stream(chain.chain, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stream_neverReturnsRecordsAppendedAfterItStarted() {
        append(chain.next(3).toArray(AuditRecord[]::new));

        try (Stream<AuditRecord> s = store.stream(chain.chain)) {
            append(chain.next(2).toArray(AuditRecord[]::new));
            assertThat(s.map(AuditRecord::seq)).containsExactly(1L, 2L, 3L);
        }
        assertThat(seqs(store.stream(chain.chain))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void streamJson_equalsTheJsonOfStream() {
        append(chain.nextAt(DAY1), chain.nextAt(DAY1.plusSeconds(1)), chain.nextAt(DAY2));
        append(chain.nextAt(DAY2.plusSeconds(1)), chain.nextAt(DAY3), chain.nextAt(DAY3.plusSeconds(9)));

        long[][] ranges = {{1, 6}, {1, Long.MAX_VALUE}, {2, 4}, {3, 3}, {4, 5}, {6, 100}, {7, 9}};
        for (long[] r : ranges) {
            try (Stream<String> json = store.streamJson(chain.chain, r[0], r[1]);
                    Stream<AuditRecord> records = store.stream(chain.chain, r[0], r[1])) {
                assertThat(json.toList()).as("range %d..%d", r[0], r[1])
                        .isEqualTo(records.map(AuditRecord::json).toList());
            }
        }
    }

    @Test
    void reading_failsNamingFileAndLineWhenALineIsNotARecord() throws IOException {
        append(chain.next(3).toArray(AuditRecord[]::new));
        store.close();
        Path file = dir.resolve("billing/acme/2026-11-23.jsonl");
        List<String> lines = new ArrayList<>(lines(file));
        lines.set(1, "{\"this is\": not json");
        Files.writeString(file, String.join("\n", lines) + "\n");
        store = FileAuditStore.open(dir);

        assertThatThrownBy(() -> store.readRange(chain.chain, 1, 3)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining(file.getFileName().toString()).hasMessageContaining("line 2")
                .hasMessageContaining("billing/acme");
    }

    @Test
    void reading_failsWhenALineHoldsAnotherSeqThanItsPosition() throws IOException {
        append(chain.next(4).toArray(AuditRecord[]::new));
        store.close();
        Path file = dir.resolve("billing/acme/2026-11-23.jsonl");
        List<String> lines = new ArrayList<>(lines(file));
        lines.remove(1);
        Files.writeString(file, String.join("\n", lines) + "\n");
        store = FileAuditStore.open(dir);

        assertThatThrownBy(() -> store.readRange(chain.chain, 1, 3)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("line 2 holds seq 3 where seq 2 was expected");
        assertThatThrownBy(() -> store.streamJson(chain.chain, 1, 3).toList())
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("line 3 holds seq 4");
    }

    @Test
    void query_filtersAndPagesThroughEveryMatch() {
        for (int i = 0; i < 30; i++) {
            Instant at = DAY1.plus(Duration.ofHours(i));
            append(chain.next(at, i % 3 == 0 ? "access" : "decision", "actor-" + (i % 2), i % 5 == 0 ? "s1" : null));
        }

        assertThat(allPages(RecordQuery.builder(chain.chain).limit(7).build())).containsExactlyElementsOf(all);
        assertThat(allPages(RecordQuery.builder(chain.chain).kind("access").limit(4).build()))
                .containsExactlyElementsOf(all.stream().filter(r -> r.kind().equals("access")).toList());
        RecordQuery narrow = RecordQuery.builder(chain.chain).actorId("actor-1").outcome("ok").resourceType("document")
                .limit(2).build();
        assertThat(allPages(narrow)).isNotEmpty()
                .containsExactlyElementsOf(all.stream().filter(narrow::matches).toList());
        assertThat(allPages(RecordQuery.builder(chain.chain).subjectId("s1").build()))
                .extracting(AuditRecord::seq).containsExactly(1L, 6L, 11L, 16L, 21L, 26L);
        assertThat(allPages(RecordQuery.builder(chain.chain).action("act-1").resourceId("doc-2").build())).isEmpty();
        assertThat(allPages(RecordQuery.builder(chain.chain).resourceId("doc-2").build()))
                .extracting(AuditRecord::seq).containsExactly(2L);
    }

    @Test
    void query_timeWindowSkipsWholeDayFilesAndKeepsBoundsExact() {
        for (int i = 0; i < 30; i++) {
            append(chain.nextAt(DAY1.plus(Duration.ofHours(2L * i))));
        }
        Instant from = DAY2.plus(Duration.ofHours(1));
        Instant to = DAY3;

        List<AuditRecord> page = allPages(RecordQuery.builder(chain.chain).from(from).to(to).limit(3).build());

        assertThat(page).isNotEmpty().containsExactlyElementsOf(all.stream()
                .filter(r -> !r.recordedAt().isBefore(from) && r.recordedAt().isBefore(to)).toList());
        assertThat(allPages(RecordQuery.builder(chain.chain).from(all.get(4).recordedAt())
                .to(all.get(4).recordedAt()).build())).isEmpty();
        assertThat(allPages(RecordQuery.builder(chain.chain).to(all.get(0).recordedAt().plusNanos(1000)).build()))
                .containsExactly(all.get(0));
    }

    @Test
    void query_ofAnUnknownChainOrPastTheTipIsEmpty() {
        append(chain.next(2).toArray(AuditRecord[]::new));

        RecordPage unknown = store.query(RecordQuery.builder(TestChain.of("x", "y").chain).build());
        RecordPage past = store.query(RecordQuery.builder(chain.chain).afterSeq(2).build());

        assertThat(unknown.records()).isEmpty();
        assertThat(unknown.next()).isEmpty();
        assertThat(past.records()).isEmpty();
    }

    private List<AuditRecord> allPages(RecordQuery first) {
        List<AuditRecord> out = new ArrayList<>();
        RecordQuery q = first;
        for (int guard = 0; guard < 1000; guard++) {
            RecordPage page = store.query(q);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(q.limit());
            out.addAll(page.records());
            if (page.next().isEmpty()) {
                return out;
            }
            q = q.after(page.nextAfterSeq());
        }
        throw new AssertionError("paging did not end");
    }

    private void append(AuditRecord... records) {
        ChainTip before = store.tip(chain.chain);
        assertThat(store.append(chain.chain, before, List.of(records)))
                .isInstanceOf(dev.custody.ports.AppendResult.Appended.class);
        all.addAll(List.of(records));
    }

    private static List<Long> seqs(Stream<AuditRecord> s) {
        try (s) {
            return s.map(AuditRecord::seq).toList();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
