package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legal hold over a whole tenant ({@code *}{@code /globex}: every namespace) or a whole namespace ({@code billing/*}:
 * every tenant) keeps every covered chain from retention, other chains are shortened as usual; placing one needs a key
 * that covers every chain of it, and a narrower key neither sees nor releases it.
 */
class WideHoldsTest {

    static final String ACME_ADMIN = "t-acme-admin";
    static final List<ChainId> CHAINS = List.of(ChainId.of("billing", "acme"), ChainId.of("billing", "globex"),
            ChainId.of("sales", "globex"), ChainId.of("sales", "acme"));

    @TempDir
    Path home;

    @Test
    void aHoldOverATenant_thenOverANamespace_keepEveryChainTheyCover() {
        try (TestServer api = TestServer.start(home, props())) {
            MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
            CHAINS.forEach(c -> post(api, c, "old"));
            MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
            CHAINS.forEach(c -> post(api, c, "new"));

            assertProblem(api.post("/v1/holds", ACME_ADMIN, hold("*", "globex")), 403, "FORBIDDEN", "/scope/tenant");
            assertProblem(api.post("/v1/holds", ACME_ADMIN, hold("billing", "*")), 403, "FORBIDDEN", "/scope/tenant");
            assertProblem(api.post("/v1/holds", ADMIN, hold("bil ling", "*")), 400, "INVALID_PARAMETER", "/scope/namespace");

            String tenantHold = id(api.post("/v1/holds", ADMIN, hold("*", "globex")));
            assertThat(api.get("/v1/holds", ACME_ADMIN).body()).doesNotContain(tenantHold);
            assertProblem(api.send("DELETE", "/v1/holds/" + tenantHold, ACME_ADMIN, null, null), 404, "NOT_FOUND", null);
            assertThat(api.post("/v1/retention/runs", ADMIN, "{}").status()).isEqualTo(200);
            assertThat(seqs(api)).containsExactly(
                    Map.entry("billing/acme", List.of(2L)), Map.entry("billing/globex", List.of(1L, 2L)),
                    Map.entry("sales/globex", List.of(1L, 2L)), Map.entry("sales/acme", List.of(2L)));

            assertThat(api.send("DELETE", "/v1/holds/" + tenantHold, ADMIN, null, null).status()).isEqualTo(200);
            String namespaceHold = id(api.post("/v1/holds", ADMIN, hold("billing", "*")));
            assertThat(api.get("/v1/holds", ADMIN).body()).contains(namespaceHold).doesNotContain(tenantHold)
                    .contains("\"namespace\":\"billing\",\"tenant\":\"*\"");
            assertThat(api.post("/v1/retention/runs", ADMIN, "{}").status()).isEqualTo(200);
            assertThat(seqs(api)).containsExactly(
                    Map.entry("billing/acme", List.of(2L)), Map.entry("billing/globex", List.of(1L, 2L)),
                    Map.entry("sales/globex", List.of(2L)), Map.entry("sales/acme", List.of(2L)));
            for (ChainId c : CHAINS) {
                Resp v = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"" + c.namespace() + "\",\"tenant\":\"" + c.tenant() + "\"}");
                assertThat(v.body()).as(c + ": " + v.body()).startsWith("{\"valid\":true,");
            }
        }
    }

    private static String hold(String namespace, String tenant) {
        return "{\"scope\":{\"namespace\":\"" + namespace + "\",\"tenant\":\"" + tenant + "\"},\"reason\":\"litigation\","
                + "\"case_id\":\"CASE-W\"}";
    }

    private static String id(Resp placed) {
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return (String) ((Map<?, ?>) Json.parse(placed.body())).get("id");
    }

    private static void post(TestServer api, ChainId chain, String action) {
        Resp r = api.post("/v1/audit/events", ADMIN, event(chain.namespace(), chain.tenant(), action));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static Map<String, List<Long>> seqs(TestServer api) {
        Map<String, List<Long>> out = new java.util.LinkedHashMap<>();
        for (ChainId c : CHAINS) {
            out.put(c.toString(), api.runtime().store().stream(c).map(AuditRecord::seq).toList());
        }
        return out;
    }

    private Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y"),
                Map.of("namespace", "sales", "delete-after", "P1Y"), Map.of("namespace", "custody", "delete-after", "P10Y")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("acme-admin", ACME_ADMIN, "admin", "billing/acme")));
        return p;
    }
}
