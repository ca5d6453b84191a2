package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that the store refuses what the port forbids and keeps what it allows: every batch that
 * breaks a rule of {@link dev.custody.ports.AuditStore#append} ({@link BrokenBatch}) throws
 * {@link IllegalArgumentException} and writes nothing (tip, records and {@code chains()} unchanged),
 * and the store appends normally afterwards; invalid seq ranges throw {@code IllegalArgumentException}
 * (at the call or when the stream is read); hostile chain names never reach the store because
 * {@link ChainId} rejects them, while unusual valid ones work; hostile but valid content (SQL, NUL,
 * CR/LF, quotes, backslashes, emoji, bidi marks, 10 KB strings) round-trips byte for byte and can be
 * queried by its exact values.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class InputRejectionContract extends StoreContract {

    /** A batch that breaks one rule, built after {@code tip} (5 records) of {@code chain}. */
    @FunctionalInterface
    interface BatchBuilder {
        List<AuditRecord> build(StoreContract kit, ChainId chain, ChainId other, ChainTip tip);
    }

    /** The batches {@code append} must refuse, one rule broken each. */
    public enum BrokenBatch {
        EMPTY((k, c, o, t) -> List.of()),
        RECORD_OF_ANOTHER_CHAIN((k, c, o, t) -> k.records(o, t, 1)),
        ANOTHER_CHAINS_RECORD_INSIDE((k, c, o, t) -> {
            List<AuditRecord> own = k.records(c, t, 1);
            return concat(own, k.records(o, ChainTip.of(own.get(0)), 1));
        }),
        FIRST_SEQ_SKIPS_ONE((k, c, o, t) -> k.records(c, fake(t.seq() + 1, t.recordHash()), 1)),
        FIRST_SEQ_REPEATS_THE_TIP((k, c, o, t) -> k.records(c, fake(t.seq() - 1, t.recordHash()), 1)),
        GAP_INSIDE((k, c, o, t) -> {
            List<AuditRecord> first = k.records(c, t, 1);
            return concat(first, k.records(c, fake(t.seq() + 2, first.get(0).recordHash()), 1));
        }),
        DUPLICATE_INSIDE((k, c, o, t) -> {
            AuditRecord r = k.records(c, t, 1).get(0);
            return List.of(r, r);
        }),
        OUT_OF_ORDER((k, c, o, t) -> {
            List<AuditRecord> two = k.records(c, t, 2);
            return List.of(two.get(1), two.get(0));
        }),
        PREV_HASH_NOT_LINKING_INSIDE((k, c, o, t) -> {
            List<AuditRecord> first = k.records(c, t, 1);
            return concat(first, k.records(c, fake(t.seq() + 1, "f".repeat(64)), 1));
        }),
        FIRST_PREV_HASH_NOT_THE_TIPS((k, c, o, t) -> k.records(c, fake(t.seq(), "e".repeat(64)), 1)),
        LAST_OF_FIVE_BROKEN((k, c, o, t) -> {
            List<AuditRecord> four = k.records(c, t, 4);
            return concat(four, k.records(c, fake(t.seq() + 4, "d".repeat(64)), 1));
        });

        private final BatchBuilder builder;

        BrokenBatch(BatchBuilder builder) {
            this.builder = builder;
        }

        private static ChainTip fake(long seq, String hash) {
            return new ChainTip(seq, hash, Instant.parse("2026-03-14T15:09:26.535897Z"));
        }

        private static List<AuditRecord> concat(List<AuditRecord> a, List<AuditRecord> b) {
            List<AuditRecord> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokenBatch.class)
    public void appendBatch_rejectsABrokenBatchAndWritesNothing(BrokenBatch broken) {
        ChainId chain = newChain();
        ChainId other = newChain();
        List<AuditRecord> before = appendAll(chain, 5);
        ChainTip tip = store.tip(chain);
        List<AuditRecord> batch = broken.builder.build(this, chain, other, tip);

        assertThatThrownBy(() -> store.append(chain, tip, batch))
                .as("append of a batch with %s", broken).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.tip(chain)).isEqualTo(tip);
        assertThat(readAll(chain)).containsExactlyElementsOf(before);
        assertThat(readAll(other)).isEmpty();
        assertThat(store.chains()).doesNotContain(other);
        assertThat(appendAll(chain, 2)).as("the store appends normally afterwards").hasSize(2);
        assertThat(new ChainVerifier().verify(store, chain).valid()).isTrue();
    }

    @Test
    public void appendBatch_toAnEmptyChainRejectsAFirstRecordNotLinkedToGenesis() {
        ChainId chain = newChain();
        ChainTip notGenesis = new ChainTip(0, "a".repeat(64), Instant.EPOCH);

        assertThatThrownBy(() -> store.append(chain, ChainTip.GENESIS, records(chain, notGenesis, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append(chain, ChainTip.GENESIS, List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.tip(chain)).isEqualTo(ChainTip.GENESIS);
        assertThat(readAll(chain)).isEmpty();
        assertThat(store.chains()).doesNotContain(chain);
    }

    @Test
    public void stream_rejectsInvalidRanges() {
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 5);
        long[][] invalid = {{0, 10}, {-1, 10}, {0, 0}, {Long.MIN_VALUE, 1}, {5, 4}, {2, 1}, {Long.MAX_VALUE, 1}};
        for (ChainId c : List.of(chain, newChain())) {
            for (long[] r : invalid) {
                assertThatThrownBy(() -> drain(store.stream(c, r[0], r[1])))
                        .as("stream(%s, %s, %s)", c, r[0], r[1]).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> drain(store.streamJson(c, r[0], r[1])))
                        .as("streamJson(%s, %s, %s)", c, r[0], r[1]).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.readRange(c, r[0], r[1]))
                        .as("readRange(%s, %s, %s)", c, r[0], r[1]).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(readAll(chain)).containsExactlyElementsOf(all);
    }

    /** Names that must never become a path, key or SQL value; {@link ChainId} refuses them. */
    protected static Stream<String> hostileNames() {
        return Stream.of("../../etc", "..", ".", ".a", "A", "Tenant", "a/b", "a\\b", "/abs", "a;drop table x",
                "a".repeat(64), "", " ", " a", "a b", "%2e%2e", "a%2fb", "a\u0000b", "\u0000", "a\nb", "ä", "ａ",
                "-a", "_a", "a:b", "a*", "a'b", "a\"b", "a\u202Eb");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("dev.custody.tck.InputRejectionContract#hostileNames")
    public void chainId_rejectsHostileNames(String name) {
        assertThat(ChainId.isValidName(name)).isFalse();
        assertThatThrownBy(() -> ChainId.of(name, "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> ChainId.of(NAMESPACE, name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> ChainId.of(null, "t")).isInstanceOf(NullPointerException.class);
    }

    /** Unusual names {@link ChainId} accepts, which a store must keep apart and intact. */
    protected static Stream<String> edgeNames() {
        return Stream.of("a", "0", "a..b", "a.", "a-", "a_", "con", "nul", "prn.txt", "a".repeat(63));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.custody.tck.InputRejectionContract#edgeNames")
    public void chain_withAnUnusualValidNameRoundTrips(String name) {
        String unique = newChain().tenant();
        for (ChainId chain : List.of(ChainId.of(name, unique), ChainId.of("tck-" + unique, name))) {
            List<AuditRecord> all = appendAll(chain, 2);
            assertThat(readAll(chain)).containsExactlyElementsOf(all);
            assertThat(store.tip(chain)).isEqualTo(ChainTip.of(all.get(1)));
            assertThat(store.chains()).contains(chain);
        }
    }

    @Test
    public void hostileContent_roundTripsByteForByte() {
        ChainId chain = newChain();
        List<AuditEvent> events = new ArrayList<>();
        events.add(event(chain, 1).payload(Payloads.hostile()).build());
        String[] names = {"'; DROP TABLE audit_records; --", "\" OR \"1\"=\"1", "Robert'); DROP TABLE x;--",
            "../../etc/passwd", "back\\slash", "emoji 🚀👩‍⚖️", "rtl \u202Eevil\u202C \u200Fمرحبا", "%s%n${x}"};
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            events.add(event(chain, i).action(n).actor(n, n).resource(n, n).outcome(n).subjectId(n)
                    .payload(Map.of("value", n, "long", n.repeat(20))).build());
        }
        List<AuditRecord> written = records(ChainTip.GENESIS, events);
        appended(chain, ChainTip.GENESIS, written);

        assertThat(readAll(chain)).containsExactlyElementsOf(written);
        assertThat(jsonOf(chain)).containsExactlyElementsOf(written.stream().map(AuditRecord::json).toList());
        assertThat(new ChainVerifier().verify(store, chain).valid()).isTrue();
        for (String n : names) {
            for (RecordQuery q : List.of(RecordQuery.builder(chain).actorId(n).build(),
                    RecordQuery.builder(chain).resourceType(n).resourceId(n).build(),
                    RecordQuery.builder(chain).action(n).outcome(n).subjectId(n).build())) {
                assertThat(store.query(q).records()).as("%s", q)
                        .containsExactlyElementsOf(written.stream().filter(q::matches).toList())
                        .hasSize(1);
            }
        }
    }

    private static void drain(Stream<?> s) {
        try (s) {
            s.forEach(x -> { });
        }
    }
}
