package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.SharedVectors;
import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shared chain and tamper vectors: every build must reproduce them. */
class ChainVectorsTest {

    private final ChainVerifier verifier = new ChainVerifier();

    @Test
    void chainV1_verifies() {
        List<String> lines = SharedVectors.lines("chain-v1.ndjson");
        assertThat(lines).hasSize(4);
        Verification v = verifier.verify(lines.iterator(), ChainId.of("billing", "acme"), 0, "genesis");
        assertThat(v.valid()).as("reason: %s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(4);
        assertThat(v.firstRecordId()).isEqualTo("0193a8f0-0000-7000-8000-000000000001");
        assertThat(v.lastRecordId()).isEqualTo("0193a8f0-0000-7000-8000-000000000004");
    }

    @Test
    void chainV1_recordHashIsSha256OfCanonicalRecordWithoutHash() {
        for (Map<String, Object> record : SharedVectors.objects("chain-v1.ndjson")) {
            Object stated = record.remove("record_hash");
            assertThat(Sha256.hex(Jcs.canonicalBytes(record))).isEqualTo(stated);
        }
    }

    @Test
    void chainV1_verifiesInCanonicalStoredFormToo() {
        List<String> canonical = SharedVectors.lines("chain-v1.ndjson").stream().map(Jcs::canonicalizeJson).toList();
        Verification v = verifier.verify(canonical.iterator(), ChainId.of("billing", "acme"), 0, "genesis");
        assertThat(v.valid()).as("reason: %s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(4);
    }

    @TestFactory
    Stream<DynamicTest> tamperV1_eachCaseBrokenAtItsRecord() {
        List<Map<String, Object>> cases = SharedVectors.objects("tamper-v1.ndjson");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
        return cases.stream().flatMap(c -> Stream.of(false, true).map(canonical -> DynamicTest.dynamicTest(
                c.get("case") + (canonical ? " (canonical lines)" : ""), () -> {
                    @SuppressWarnings("unchecked")
                    List<Object> records = (List<Object>) c.get("records");
                    List<String> lines = records.stream()
                            .map(r -> canonical ? Jcs.canonicalize(r) : toJson(r)).toList();
                    Verification v = verifier.verify(lines.iterator(), ChainId.of("billing", "acme"), 0, "genesis");
                    assertThat(v.valid()).isFalse();
                    assertThat(v.firstBrokenAt()).isEqualTo(c.get("first_broken_at"));
                    assertThat(v.reason()).isNotBlank();
                    Verification export = verifier.verifyExport(lines.iterator());
                    assertThat(export.firstBrokenAt()).isEqualTo(c.get("first_broken_at"));
                })));
    }

    /** A non-canonical rendering (keys reversed), so the slow path is exercised too. */
    @SuppressWarnings("unchecked")
    private static String toJson(Object record) {
        Map<String, Object> m = (Map<String, Object>) record;
        List<String> keys = new java.util.ArrayList<>(m.keySet());
        java.util.Collections.reverse(keys);
        StringBuilder sb = new StringBuilder("{");
        for (String k : keys) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Jcs.write(k, sb);
            sb.append(": ").append(Jcs.canonicalize(m.get(k)));
        }
        String out = sb.append('}').toString();
        assertThat(Json.parse(out, 100)).isEqualTo(m);
        return out;
    }
}
