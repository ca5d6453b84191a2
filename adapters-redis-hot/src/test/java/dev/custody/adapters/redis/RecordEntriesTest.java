package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record as a stream entry and back: the packed index field, and entries in the layout written before it. */
class RecordEntriesTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private static final Instant AT = Instant.parse("2026-12-02T18:00:00.123456Z");

    @Test
    void packedEntryGivesBackTheSameRecord_evenWithSeparatorsDigitsAndNonAsciiInTheValues() {
        AuditRecord r = new AuditRecord(CHAIN, 42, "0193a0b0-id", "a".repeat(64), "b".repeat(64), AT, "decision",
                "12:loan:approve", new Ref("service", "scorer:7"), new Ref("app:lication", "9:ü€𝄞"), "den:ied",
                "psn:1234", "{\"seq\":42}");
        Map<String, String> entry = Map.of("r", r.json(), "m", RecordEntries.index(r));

        assertThat(RecordEntries.toRecord(CHAIN, RecordEntries.entryId(r), entry)).isEqualTo(r);
    }

    @Test
    void absentResourceAndSubjectStayAbsent() {
        AuditRecord r = new AuditRecord(CHAIN, 1, "id-1", "0".repeat(64), "c".repeat(64), AT, "llm_call", "chat",
                new Ref("user", "u1"), null, "ok", null, "{\"seq\":1}");

        AuditRecord back = RecordEntries.toRecord(CHAIN, RecordEntries.entryId(r), Map.of("r", r.json(), "m", RecordEntries.index(r)));

        assertThat(back).isEqualTo(r);
        assertThat(back.resource()).isNull();
        assertThat(back.subjectId()).isNull();
    }

    @Test
    void entriesWrittenWithOneFieldPerIndexValueStillRead() {
        Map<String, String> old = new HashMap<>(Map.of("r", "{\"seq\":3}", "id", "id-3", "p", "p".repeat(64), "h", "h".repeat(64),
                "t", Long.toString(RecordEntries.micros(AT)), "k", "decision", "a", "approve", "at", "service", "ai", "scorer"));
        old.putAll(Map.of("rt", "", "ri", "", "o", "ok", "s", "psn"));

        AuditRecord r = RecordEntries.toRecord(CHAIN, AT.toEpochMilli() + "-3", old);

        assertThat(r).isEqualTo(new AuditRecord(CHAIN, 3, "id-3", "p".repeat(64), "h".repeat(64), AT, "decision", "approve",
                new Ref("service", "scorer"), null, "ok", "psn", "{\"seq\":3}"));
    }

    @Test
    void aTruncatedIndexFieldIsAnErrorNamingTheEntry() {
        for (String bad : new String[] {"4:id-12:", "4:id-1", "x:id-1", "-3:ab", "4:id-1" + "1:a".repeat(11) + "tail"}) {
            assertThatThrownBy(() -> RecordEntries.toRecord(CHAIN, "1-1", Map.of("r", "{}", "m", bad)))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("entry 1-1");
        }
    }
}
