package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordEncoderTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T06:00:00.123456789Z"), ZoneOffset.UTC);
    private final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, clock);

    @Test
    void encode_storedLineIsCanonicalAndHashCoversEverythingButTheHash() {
        List<AuditRecord> records = encoder.encodeEvents(ChainTip.GENESIS, List.of(Events.llmCall(CHAIN, 1), Events.llmCall(CHAIN, 2)));
        for (AuditRecord r : records) {
            assertThat(Jcs.canonicalizeJson(r.json())).isEqualTo(r.json());
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) Json.parse(r.json());
            assertThat(parsed.remove("record_hash")).isEqualTo(r.recordHash());
            assertThat(Sha256.hex(Jcs.canonicalBytes(parsed))).isEqualTo(r.recordHash());
            assertThat(parsed).containsEntry("seq", r.seq()).containsEntry("prev_hash", r.prevHash())
                    .containsEntry("id", r.id()).containsEntry("v", 1L)
                    .containsEntry("recorded_at", "2026-11-23T06:00:00.123456Z");
        }
        assertThat(records.get(0).prevHash()).isEqualTo("genesis");
        assertThat(records.get(1).prevHash()).isEqualTo(records.get(0).recordHash());
        assertThat(records.get(1).seq()).isEqualTo(2);
    }

    @Test
    void encode_omitsAbsentOptionalFields() {
        AuditEvent bare = AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u").outcome("ok").build();
        String json = encoder.encodeEvents(ChainTip.GENESIS, List.of(bare)).get(0).json();
        assertThat(json).doesNotContain("payload", "resource", "subject_id", "occurred_at", "null");
    }

    @Test
    void encode_idIsUuidV7() {
        String id = encoder.encodeEvents(ChainTip.GENESIS, List.of(Events.llmCall(CHAIN, 1))).get(0).id();
        assertThat(java.util.UUID.fromString(id).version()).isEqualTo(7);
        assertThat(java.util.UUID.fromString(id).variant()).isEqualTo(2);
    }

    @Test
    void recordedAt_neverGoesBackwardsOnAChain() {
        ChainTip future = new ChainTip(9, "a".repeat(64), Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(encoder.recordedAtAfter(future)).isEqualTo(future.recordedAt());
    }

    @ParameterizedTest
    @ValueSource(longs = {9007199254740993L, -9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE})
    void prepare_rejectsIntegersOutsideIJson(long n) {
        assertRejected(Map.of("n", n), "/payload/n", "I-JSON");
    }

    @Test
    void prepare_rejectsNonFiniteAndHugeNumbers() {
        assertRejected(Map.of("x", Double.NaN), "/payload/x", "finite");
        assertRejected(Map.of("x", Double.POSITIVE_INFINITY), "/payload/x", "finite");
        assertRejected(Map.of("x", 1e300), "/payload/x", "I-JSON");
        assertRejected(Map.of("x", new java.math.BigInteger("123456789012345678901234567890")), "/payload/x", "I-JSON");
    }

    @Test
    void prepare_acceptsTheLargestSafeInteger() {
        AuditEvent e = withPayload(Map.of("n", 9007199254740992L, "m", -9007199254740992L, "d", 0.1));
        assertThat(encoder.prepare(e)).isNotNull();
    }

    @Test
    void prepare_rejectsDeepNestingNamingTheField() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> cur = root;
        for (int i = 0; i < 40; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            cur.put("a", next);
            cur = next;
        }
        assertThatThrownBy(() -> encoder.prepare(withPayload(root)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("deeper than 32")
                .satisfies(e -> assertThat(((InvalidEventException) e).field()).startsWith("/payload/a/a/a"));
    }

    @Test
    void prepare_rejectsOversizeRecords() {
        assertRejected(Map.of("a", "x".repeat(35_000), "b", "x".repeat(35_000)), "/payload", "limit of 65536");
    }

    @Test
    void prepare_rejectsAMemberNameOrAStringBeyondItsLimit_namingTheContainer_andAcceptsOneAtIt() {
        String atName = "k".repeat(RecordLimits.DEFAULT.maxNameChars());
        assertThat(encoder.prepare(withPayload(Map.of(atName, 1)))).isNotNull();
        assertRejected(Map.of("k".repeat(50_001), 1), "/payload", "member name of 50001 characters, more than the limit of 1024");
        assertRejected(Map.of("o", Map.of(atName + "k", 1)), "/payload/o", "member name of 1025 characters");

        RecordLimits small = new RecordLimits(64 * 1024, 32, 1024, 1000, 100);
        RecordEncoder strict = new RecordEncoder(new EventLimits(small), clock);
        assertThat(strict.prepare(withPayload(Map.of("s", "x".repeat(1000))))).isNotNull();
        assertThatThrownBy(() -> strict.prepare(withPayload(Map.of("l", List.of("x".repeat(1001))))))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("string of 1001 characters, more than the limit of 1000")
                .satisfies(e -> assertThat(((InvalidEventException) e).field()).isEqualTo("/payload/l/0"));
    }

    @Test
    void prepare_rejectsBadFieldsNamingEach() {
        var b = AuditEvent.builder(CHAIN).action("a").actor("user", "u").outcome("ok");
        assertThatThrownBy(() -> encoder.prepare(b.kind("whatever").build())).hasMessageStartingWith("/kind");
        assertThatThrownBy(() -> encoder.prepare(b.kind("X-custom").build())).hasMessageStartingWith("/kind");
        assertThat(encoder.prepare(b.kind("x-custom.kind").build())).isNotNull();
        b.kind("decision");
        assertThatThrownBy(() -> encoder.prepare(b.action("").build())).hasMessageStartingWith("/action");
        assertThatThrownBy(() -> encoder.prepare(b.action("a\nb").build())).hasMessageStartingWith("/action");
        assertThatThrownBy(() -> encoder.prepare(b.action("x".repeat(257)).build())).hasMessageStartingWith("/action");
        b.action("a");
        assertThatThrownBy(() -> encoder.prepare(b.actor("user", "\u0000").build())).hasMessageStartingWith("/actor/id");
        b.actor("user", "u");
        assertThatThrownBy(() -> encoder.prepare(b.occurredAt("yesterday").build())).hasMessageStartingWith("/occurred_at");
        assertThatThrownBy(() -> encoder.prepare(b.occurredAt("2026-13-01T00:00:00Z").build())).hasMessageStartingWith("/occurred_at");
        b.occurredAt("2026-11-23T06:00:00+01:00");
        assertThatThrownBy(() -> encoder.prepare(b.subjectId("\ud800").build())).hasMessageStartingWith("/subject_id");
        b.subjectId(null);
        assertThat(encoder.prepare(b.build())).isNotNull();
    }

    @Test
    void prepare_rejectsUnsupportedValuesAndLoneSurrogates() {
        assertRejected(Map.of("o", new Object()), "/payload/o", "unsupported");
        assertRejected(Map.of("s", "ok\udc00"), "/payload/s", "surrogate");
        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put(1, "x");
        assertRejected(Map.of("m", badKey), "/payload/m", "strings");
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(Long.MAX_VALUE);
        assertRejected(Map.of("list", list), "/payload/list/1", "I-JSON");
        assertRejected(Map.of("a/b~c", Long.MAX_VALUE), "/payload/a~1b~0c", "I-JSON");
    }

    private void assertRejected(Map<String, ?> payload, String field, String message) {
        assertThatThrownBy(() -> encoder.prepare(withPayload(payload)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidEventException) e).field()).isEqualTo(field));
    }

    private static AuditEvent withPayload(Map<String, ?> payload) {
        return AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u").outcome("ok")
                .payload(payload).build();
    }
}
