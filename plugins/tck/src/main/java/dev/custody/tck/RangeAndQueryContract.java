package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.Ref;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves reads by range and by query: {@code stream}, {@code streamJson} and {@code readRange} return
 * exactly the records in {@code [fromSeq, toSeq]} in seq order, clamp a {@code toSeq} beyond the tip
 * and return nothing from beyond it; {@code query} honours every filter (kind, action, actor id,
 * resource type and id, subject id, outcome) and the {@code [from, to)} time range to the microsecond,
 * and paging with {@code nextAfterSeq} yields each match exactly once, in seq order.
 *
 * <p>The fixture is one chain of 50 records in 5 batches recorded 1 minute and 1 µs apart, whose
 * fields vary with the seq; the expected matches come from {@link RecordQuery#matches}.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class RangeAndQueryContract extends StoreContract {

    private static final String[] KINDS = {"decision", "llm_call", "access", "x-custom.kind"};

    /** A chain of 50 records with varied fields: 5 batches of 10, each batch 1 minute + 1 µs later. */
    private List<AuditRecord> fixture(ChainId chain) {
        List<AuditRecord> all = new ArrayList<>();
        ChainTip tip = ChainTip.GENESIS;
        for (int batch = 0; batch < 5; batch++) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                long n = batch * 10L + i;
                AuditEvent.Builder e = event(chain, n)
                        .kind(KINDS[(int) (n % KINDS.length)])
                        .action("act-" + n % 3)
                        .actor(n % 2 == 0 ? "user" : "service", "actor-" + n % 5)
                        .outcome(n % 4 == 0 ? "denied" : "allowed")
                        .subjectId(n % 3 == 0 ? null : "subj-" + n % 6);
                e.resource(n % 7 == 0 ? null : new Ref(n % 2 == 0 ? "document" : "model",
                        "res-" + n % 4));
                events.add(e.build());
            }
            List<AuditRecord> records = records(tip, events);
            tip = appended(chain, tip, records);
            all.addAll(records);
            advanceClock(Duration.ofMinutes(1).plusNanos(1_000));
        }
        return all;
    }

    @Test
    public void stream_returnsTheRangeInSeqOrder() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);

        assertThat(range(chain, 1, Long.MAX_VALUE)).containsExactlyElementsOf(all);
        assertThat(readAll(chain)).containsExactlyElementsOf(all);
        assertThat(range(chain, 10, 20)).containsExactlyElementsOf(all.subList(9, 20));
        assertThat(range(chain, 1, 1)).containsExactly(all.get(0));
        assertThat(range(chain, 50, 50)).containsExactly(all.get(49));
        assertThat(range(chain, 17, 17)).containsExactly(all.get(16));
    }

    @Test
    public void stream_clampsToTheTipAndIsEmptyBeyondIt() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);

        assertThat(range(chain, 40, 1000)).containsExactlyElementsOf(all.subList(39, 50));
        assertThat(range(chain, 45, Long.MAX_VALUE)).containsExactlyElementsOf(all.subList(44, 50));
        assertThat(range(chain, 51, 51)).isEmpty();
        assertThat(range(chain, 51, Long.MAX_VALUE)).isEmpty();
        assertThat(range(chain, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    public void readRange_equalsStream() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);

        assertThat(store.readRange(chain, 1, Long.MAX_VALUE)).containsExactlyElementsOf(all);
        assertThat(store.readRange(chain, 5, 9)).containsExactlyElementsOf(all.subList(4, 9));
        assertThat(store.readRange(chain, 48, 99)).containsExactlyElementsOf(all.subList(47, 50));
        assertThat(store.readRange(chain, 60, 99)).isEmpty();
    }

    @Test
    public void streamJson_equalsTheJsonOfStream() {
        ChainId chain = newChain();
        fixture(chain);
        long[][] ranges = {{1, Long.MAX_VALUE}, {1, 1}, {7, 31}, {50, 50}, {45, 1000}, {51, 60}};
        for (long[] r : ranges) {
            List<String> expected = range(chain, r[0], r[1]).stream().map(AuditRecord::json).toList();
            try (Stream<String> json = store.streamJson(chain, r[0], r[1])) {
                assertThat(json.toList()).as("streamJson(%s, %s)", r[0], r[1]).isEqualTo(expected);
            }
        }
    }

    @Test
    public void query_filtersByEachField() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);
        List<UnaryOperator<RecordQuery.Builder>> filters = List.of(
                q -> q.kind("decision"),
                q -> q.kind("x-custom.kind"),
                q -> q.action("act-1"),
                q -> q.actorId("actor-3"),
                q -> q.resourceType("document"),
                q -> q.resourceType("model"),
                q -> q.resourceId("res-2"),
                q -> q.subjectId("subj-4"),
                q -> q.outcome("denied"),
                q -> q.kind("llm_call").outcome("allowed").resourceType("model"),
                q -> q.actorId("actor-0").action("act-2"),
                q -> q.kind("no-such-kind"),
                q -> q);
        for (UnaryOperator<RecordQuery.Builder> filter : filters) {
            RecordQuery query = filter.apply(RecordQuery.builder(chain).limit(RecordQuery.MAX_LIMIT)).build();
            List<AuditRecord> expected = all.stream().filter(query::matches).toList();

            RecordPage page = store.query(query);

            assertThat(page.records()).as("%s", query).containsExactlyElementsOf(expected);
            assertThat(page.nextAfterSeq()).as("%s", query).isZero();
        }
        assertThat(store.query(RecordQuery.builder(chain).kind("decision").limit(100).build()).records())
                .as("sanity: the fixture holds 12 decisions").hasSize(12);
    }

    @Test
    public void query_filtersByTimeRangeFromInclusiveToExclusive() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);
        Instant batch2 = all.get(10).recordedAt();
        Instant batch4 = all.get(30).recordedAt();

        assertThat(times(chain, batch2, batch4)).containsExactlyElementsOf(all.subList(10, 30));
        assertThat(times(chain, batch2, null)).containsExactlyElementsOf(all.subList(10, 50));
        assertThat(times(chain, null, batch2)).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(times(chain, batch2, batch2)).isEmpty();
        assertThat(times(chain, batch2.plusNanos(1_000), batch4.plusNanos(1_000)))
                .as("bounds one microsecond later").containsExactlyElementsOf(all.subList(20, 40));
        assertThat(times(chain, batch2.minusNanos(1_000), batch2.plusNanos(1_000)))
                .as("a window of two microseconds").containsExactlyElementsOf(all.subList(10, 20));
        assertThat(times(chain, all.get(49).recordedAt().plusSeconds(1), null)).isEmpty();

        RecordQuery combined = RecordQuery.builder(chain).from(batch2).to(batch4).outcome("allowed")
                .kind("access").limit(RecordQuery.MAX_LIMIT).build();
        assertThat(store.query(combined).records())
                .containsExactlyElementsOf(all.stream().filter(combined::matches).toList());
    }

    @Test
    public void query_pagesYieldEachMatchOnceInSeqOrder() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);

        assertThat(walk(RecordQuery.builder(chain).limit(7).build())).containsExactlyElementsOf(all);
        RecordQuery allowed = RecordQuery.builder(chain).outcome("allowed").limit(7).build();
        assertThat(walk(allowed)).containsExactlyElementsOf(all.stream().filter(allowed::matches).toList());
        RecordQuery one = RecordQuery.builder(chain).kind("access").limit(1).build();
        assertThat(walk(one)).containsExactlyElementsOf(all.stream().filter(one::matches).toList());
        RecordQuery exact = RecordQuery.builder(chain).limit(50).build();
        assertThat(walk(exact)).containsExactlyElementsOf(all);
    }

    @Test
    public void query_startsAfterTheCursor() {
        ChainId chain = newChain();
        List<AuditRecord> all = fixture(chain);

        RecordPage page = store.query(RecordQuery.builder(chain).afterSeq(45).build());

        assertThat(page.records()).containsExactlyElementsOf(all.subList(45, 50));
        assertThat(page.nextAfterSeq()).isZero();
        assertThat(store.query(RecordQuery.builder(chain).afterSeq(50).build()).records()).isEmpty();
    }

    @Test
    public void query_readsOnlyItsChain() {
        ChainId chain = newChain();
        ChainId other = newChain();
        fixture(other);
        List<AuditRecord> mine = appendAll(chain, 3);

        assertThat(store.query(RecordQuery.builder(chain).build()).records()).containsExactlyElementsOf(mine);
        assertThat(store.query(RecordQuery.builder(newChain()).build()))
                .isEqualTo(new RecordPage(List.of(), 0));
    }

    private List<AuditRecord> range(ChainId chain, long from, long to) {
        try (Stream<AuditRecord> s = store.stream(chain, from, to)) {
            return s.toList();
        }
    }

    private List<AuditRecord> times(ChainId chain, Instant from, Instant to) {
        RecordQuery q = RecordQuery.builder(chain).from(from).to(to).limit(RecordQuery.MAX_LIMIT).build();
        RecordPage page = store.query(q);
        assertThat(page.nextAfterSeq()).isZero();
        return page.records();
    }

    /** Every record of every page of {@code first}, checking each page's size and cursor. */
    private List<AuditRecord> walk(RecordQuery first) {
        List<AuditRecord> out = new ArrayList<>();
        RecordQuery q = first;
        for (int pages = 0; pages < 1000; pages++) {
            RecordPage page = store.query(q);
            assertThat(page.records().size()).as("page %s of %s", pages, first).isLessThanOrEqualTo(first.limit());
            assertThat(page.records()).allSatisfy(r -> assertThat(r.seq()).isGreaterThan(first.afterSeq()));
            out.addAll(page.records());
            if (page.next().isEmpty()) {
                return out;
            }
            assertThat(page.nextAfterSeq()).as("the cursor moves forward").isGreaterThan(q.afterSeq());
            q = q.after(page.nextAfterSeq());
        }
        throw new AssertionError("paging " + first + " did not end after 1000 pages");
    }

    @Test
    public void findById_findsRecordsOfEveryChainAndDayAndNothingElse() {
        ChainId a = newChain();
        ChainId b = newChain();
        List<AuditRecord> firstDay = appendAll(a, 30, 10);
        advanceClock(Duration.ofDays(1));
        List<AuditRecord> nextDay = appendAll(a, 10, 10);
        List<AuditRecord> other = appendAll(b, 5, 5);
        for (AuditRecord r : List.of(firstDay.get(0), firstDay.get(29), nextDay.get(0), nextDay.get(9), other.get(2))) {
            assertThat(store.findById(r.id())).as("findById(%s)", r.id()).hasValueSatisfying(found -> {
                assertThat(found.json()).isEqualTo(r.json());
                assertThat(found.chain()).isEqualTo(r.chain());
                assertThat(found.seq()).isEqualTo(r.seq());
            });
        }
        assertThat(store.findById("0193a8f0-0000-7000-8000-000000000099")).isEmpty();
        assertThat(store.findById(java.util.UUID.randomUUID().toString())).isEmpty();
        assertThat(store.findById("not-a-uuid")).isEmpty();
        assertThat(store.findById("\"id\":\"" + firstDay.get(0).id())).isEmpty();
    }
}
