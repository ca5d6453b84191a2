package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalScannerTest {

    private static StoredRecordFields scan(String json) {
        return CanonicalScanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"record_hash\":\"x\",\"v\":1}",
        "{\"a\":[1,[2,{\"b\":null}]],\"record_hash\":\"x\",\"z\":\"\\u001f\\n\"}",
        "{\"n\":[0,-1,1.5,1e+21,1e-7,-0.000001],\"record_hash\":\"x\"}"})
    void acceptsCanonicalRecords(String json) {
        assertThat(Jcs.canonicalizeJson(json)).isEqualTo(json);
        assertThat(scan(json)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"b\":1,\"a\":2,\"record_hash\":\"x\"}",           // unsorted
        "{\"a\":1,\"a\":1,\"record_hash\":\"x\"}",           // duplicate
        "{\"a\": 1,\"record_hash\":\"x\"}",                  // whitespace
        "{\"a\":1.0,\"record_hash\":\"x\"}",                 // number not in shortest form
        "{\"a\":\"\\/\",\"record_hash\":\"x\"}",             // escape JCS does not write
        "{\"a\":\"\\u0041\",\"record_hash\":\"x\"}",
        "{\"a\":1}",                                        // no record_hash
        "{\"a\":1,\"record_hash\":\"x\"} "})                // trailing bytes
    void rejectsAnythingNotCanonical(String json) {
        assertThat(scan(json)).isNull();
    }

    @org.junit.jupiter.api.Test
    void nestingBeyondItsDepthFallsBackToTheSlowPath() {
        String deepArrays = "{\"a\":" + "[".repeat(70) + "]".repeat(70) + ",\"record_hash\":\"x\"}";
        String deepObjects = "{\"a\":" + "{\"b\":".repeat(70) + "1" + "}".repeat(70) + ",\"record_hash\":\"x\"}";
        for (String json : List.of(deepArrays, deepObjects)) {
            assertThat(Json.parse(json, 200)).isNotNull();
            assertThat(scan(json)).isNull();
        }
    }
}
