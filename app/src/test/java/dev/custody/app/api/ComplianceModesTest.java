package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.api.TestServer.Resp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each compliance mode and each override, as the running service reports them ({@code GET /v1/compliance/status});
 * the start-up refusal of a hash chain on a backend that cannot enforce atomic sequence uniqueness; and no way to
 * change the mode at runtime.
 */
class ComplianceModesTest {

    @TempDir
    Path home;

    @ParameterizedTest(name = "mode {0}, overrides sync={1} immutable={2} chain={3}")
    @CsvSource(nullValues = "-", value = {
        // mode, sync-audit-writes, immutable-audit, hash-chain -> effective sync, immutable, chain
        "none,  -,     -,     -,     false, false, false",
        "soc2,  -,     -,     -,     true,  false, true",
        "hipaa, -,     -,     -,     true,  true,  true",
        "none,  true,  -,     -,     true,  false, false",
        "soc2,  -,     true,  -,     true,  true,  true",
        "soc2,  -,     -,     false, true,  false, false",
        "hipaa, false, false, -,     false, false, true",
        "HIPAA, -,     -,     -,     true,  true,  true",
    })
    void eachModeAndOverride_isWhatTheServiceReports(String mode, String sync, String immutable, String chain,
            boolean effSync, boolean effImmutable, boolean effChain) {
        Map<String, Object> p = keys();
        p.put("custody.compliance.mode", mode);
        putIf(p, "custody.compliance.sync-audit-writes", sync);
        putIf(p, "custody.compliance.immutable-audit", immutable);
        putIf(p, "custody.compliance.hash-chain", chain);
        try (TestServer api = TestServer.start(home, p)) {
            Resp r = api.get("/v1/compliance/status", READER);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).startsWith("{\"mode\":\"" + mode.toLowerCase() + "\",\"sync_audit_writes\":" + effSync
                    + ",\"immutable_audit\":" + effImmutable + ",\"hash_chain\":" + effChain + ",");
        }
    }

    @Test
    void hashChainOnABackendWithoutAtomicAppends_stopsTheStart_namingTheBackend() {
        Map<String, Object> p = keys();
        p.put("custody.compliance.mode", "soc2");
        p.put("custody.storage.primary.backend", "test-flaky");
        p.put("custody.storage.primary.properties.name", UUID.randomUUID().toString());
        p.put("custody.storage.primary.properties.withhold", "conditional_append");

        assertThatThrownBy(() -> TestServer.start(home, p)).rootCause()
                .hasMessageContaining("custody.compliance.hash-chain is on (mode soc2), but backend 'test-flaky' cannot "
                        + "enforce atomic sequence uniqueness");

        p.put("custody.compliance.hash-chain", "false");
        try (TestServer api = TestServer.start(home, p)) {
            assertThat(api.get("/v1/compliance/status", READER).body()).contains("\"hash_chain\":false")
                    .contains("\"name\":\"test-flaky\"").doesNotContain("conditional_append");
        }
    }

    @Test
    void theModeCannotBeChangedAtRuntime() {
        Map<String, Object> p = keys();
        p.put("custody.compliance.mode", "hipaa");
        try (TestServer api = TestServer.start(home, p)) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                Resp r = api.send(method, "/v1/compliance/status", ADMIN, "application/json",
                        "{\"mode\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(r.status()).as(method + ": " + r.body()).isEqualTo(405);
                assertThat(r.contentType()).as(method).startsWith("application/problem+json");
            }
            assertThat(api.get("/v1/compliance/status", ADMIN).body()).startsWith("{\"mode\":\"hipaa\",");
        }
    }

    private static Map<String, Object> keys() {
        Map<String, Object> p = new HashMap<>();
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("reader", READER, "reader", "billing/*")));
        return p;
    }

    private static void putIf(Map<String, Object> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
