package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's 50 reads of {@code billing/globex} by a key scoped to {@code billing/acme} added 51 records to
 * {@code custody.access/globex}: a caller could write into another tenant's access chain at will. Refusals now go
 * to the caller's own chain of refusals, {@code custody.denied/<key name>}, in mode soc2 durably before the answer.
 */
class DeniedReadsTest {

    static final String ACME_AUDITOR = "t-acme-auditor";
    static final ChainId GLOBEX = ChainId.of("billing", "globex");
    static final ChainId GLOBEX_ACCESS = ChainId.of("custody.access", "globex");
    static final ChainId CALLERS_REFUSALS = ChainId.of("custody.denied", "acme-auditor");

    @TempDir
    Path home;

    @Test
    void fiftyDeniedReads_addNothingToTheTargetsAccessChain_andFiftyRefusalsToTheCallersOwn() {
        try (TestServer api = TestServer.start(home, Map.of("custody.security.api-keys", List.of(
                TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("acme-auditor", ACME_AUDITOR, "auditor", "billing/acme"))))) {
            Resp appended = api.post("/v1/audit/events", ADMIN, event("billing", "globex", "g"));
            String id = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(appended.body())).get("records")).get(0)).get("id");
            ChainTip accessBefore = api.runtime().store().tip(GLOBEX_ACCESS);
            String chain = "namespace=billing&tenant=globex";
            List<Supplier<Resp>> reads = List.of(
                    () -> api.get("/v1/audit/events?" + chain, ACME_AUDITOR, PURPOSE_HEADER, PURPOSE),
                    () -> api.get("/v1/audit/events/" + id, ACME_AUDITOR, PURPOSE_HEADER, PURPOSE),
                    () -> api.post("/v1/audit/verify", ACME_AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"globex\"}",
                            PURPOSE_HEADER, PURPOSE),
                    () -> api.get("/v1/audit/export?" + chain, ACME_AUDITOR, PURPOSE_HEADER, PURPOSE),
                    () -> api.get("/forensics/verify?event_id=" + id, ACME_AUDITOR, PURPOSE_HEADER, PURPOSE));
            for (int i = 0; i < 50; i++) {
                Resp r = reads.get(i % reads.size()).get();
                assertThat(r.status()).as(r.body()).isIn(403, 404);
            }

            assertThat(api.runtime().store().tip(GLOBEX_ACCESS)).as("globex's access chain").isEqualTo(accessBefore);
            List<AuditRecord> refusals = api.runtime().store().readRange(CALLERS_REFUSALS, 1, 1_000);
            assertThat(refusals).hasSize(50).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo("access");
                assertThat(r.outcome()).isEqualTo("denied");
                assertThat(r.actor().id()).isEqualTo("acme-auditor");
            });
            assertThat(refusals).extracting(AuditRecord::action).containsOnly("audit.query", "audit.get", "audit.verify",
                    "audit.export", "forensics.verify");
            assertThat(api.runtime().store().tip(GLOBEX).seq()).as("the data chain").isEqualTo(1);
            api.assertChainsVerify();
        }
    }
}
