package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordLinesTest {

    static final ChainId BILLING = ChainId.of("billing", "acme");

    /** The second record of shared/vectors/chain-v1.ndjson (not in stored key order, with spaces). */
    static final String VECTOR = "{\"namespace\": \"billing\", \"tenant\": \"acme\", \"seq\": 2, \"prev_hash\": "
            + "\"49e3f8a10b152ff42381484d2e5facc5b7f3c03413d178b1d262d958ade474a6\", \"v\": 1, \"id\": "
            + "\"0193a8f0-0000-7000-8000-000000000002\", \"recorded_at\": \"2026-11-23T06:00:00.250000Z\", "
            + "\"occurred_at\": \"2026-11-23T05:59:59.9Z\", \"kind\": \"access\", \"action\": \"record.read\", "
            + "\"actor\": {\"type\": \"user\", \"id\": \"u-42\", \"extra\": [1]}, \"resource\": {\"type\": "
            + "\"document\", \"id\": \"doc-1\"}, \"outcome\": \"allowed\", \"subject_id\": \"sub-9\", "
            + "\"payload\": {\"seq\": 99, \"deep\": {\"kind\": \"nope\"}}, \"record_hash\": \"" + "ab".repeat(32)
            + "\"}";

    @Test
    void parse_readsTheIndexFieldsAndKeepsTheLineAsJson() throws IOException {
        AuditRecord r = RecordLines.parse(BILLING, VECTOR);

        assertThat(r.chain()).isEqualTo(BILLING);
        assertThat(r.seq()).isEqualTo(2);
        assertThat(r.id()).isEqualTo("0193a8f0-0000-7000-8000-000000000002");
        assertThat(r.prevHash()).startsWith("49e3f8a1");
        assertThat(r.recordHash()).isEqualTo("ab".repeat(32));
        assertThat(r.recordedAt()).isEqualTo(Instant.parse("2026-11-23T06:00:00.250Z"));
        assertThat(r.kind()).isEqualTo("access");
        assertThat(r.action()).isEqualTo("record.read");
        assertThat(r.actor()).isEqualTo(new Ref("user", "u-42"));
        assertThat(r.resource()).isEqualTo(new Ref("document", "doc-1"));
        assertThat(r.outcome()).isEqualTo("allowed");
        assertThat(r.subjectId()).isEqualTo("sub-9");
        assertThat(r.json()).isSameAs(VECTOR);
        assertThat(RecordLines.seqOf(VECTOR)).isEqualTo(2);
    }

    @Test
    void parse_givesTheSameRecordTheTestChainBuilt() throws IOException {
        TestChain chain = TestChain.of("billing", "acme");
        for (AuditRecord r : chain.next(4)) {
            assertThat(RecordLines.parse(BILLING, r.json())).isEqualTo(r);
            assertThat(RecordLines.seqOf(r.json())).isEqualTo(r.seq());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "{", "not json", "{\"seq\":1}", "null",
        "{\"namespace\":\"billing\",\"tenant\":\"other\"}",
    })
    void parse_rejectsLinesThatAreNotRecordsOfTheChain(String line) {
        assertThatThrownBy(() -> RecordLines.parse(BILLING, line)).isInstanceOf(IOException.class);
    }

    @Test
    void parse_rejectsWrongTypesBadTimesAndTrailingText() {
        assertThatThrownBy(() -> RecordLines.parse(BILLING, VECTOR.replace("\"seq\": 2", "\"seq\": \"2\"")))
                .isInstanceOf(IOException.class).hasMessageContaining("seq must be an integer");
        assertThatThrownBy(() -> RecordLines.parse(BILLING, VECTOR.replace("06:00:00.250000Z", "yesterday")))
                .isInstanceOf(IOException.class).hasMessageContaining("recorded_at");
        assertThatThrownBy(() -> RecordLines.parse(BILLING, VECTOR + " {}"))
                .isInstanceOf(IOException.class).hasMessageContaining("text after the object");
        assertThatThrownBy(() -> RecordLines.parse(ChainId.of("billing", "other"), VECTOR))
                .isInstanceOf(IOException.class).hasMessageContaining("stored with chain billing/other");
        assertThatThrownBy(() -> RecordLines.parse(BILLING, VECTOR.replace("\"seq\": 2", "\"seq\": 0")))
                .isInstanceOf(IOException.class).hasMessageContaining("seq must be >= 1");
    }
}
