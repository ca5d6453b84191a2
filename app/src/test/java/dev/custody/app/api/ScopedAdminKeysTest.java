package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin key scoped to {@code billing/acme}, as the security review used it against {@code billing/globex}: it
 * listed globex's holds, released one, deleted globex's records (one of them held) by a retention run, erased a
 * subject that exists only in globex and learnt from 404/201/409 whether a subject exists anywhere, and got a 403
 * naming globex's chain from forensics. Each request again, and what it must get now.
 */
class ScopedAdminKeysTest {

    static final String ACME_ADMIN = "t-acme-admin";
    static final ChainId ACME = ChainId.of("billing", "acme");
    static final ChainId GLOBEX = ChainId.of("billing", "globex");

    @TempDir
    static Path home;
    static TestServer api;
    static String holdId;
    static String globexEventId;

    @BeforeAll
    static void start() {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.personal-data.fields", List.of("/payload/reasons"));
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("acme-admin", ACME_ADMIN, "admin", "billing/acme")));
        MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
        api = TestServer.start(home, p);
        globexEventId = append(GLOBEX, "s-other");
        append(GLOBEX, "s-globex-only");
        append(GLOBEX, "s-globex");
        append(ACME, "s-acme");
        append(ACME, "s-acme");
        MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
        append(GLOBEX, "s-other");
        append(ACME, "s-acme");
        Resp placed = api.post("/v1/holds", ADMIN, "{\"scope\":{\"namespace\":\"billing\",\"tenant\":\"globex\","
                + "\"subject_id\":\"s-globex\"},\"reason\":\"globex litigation\",\"case_id\":\"CASE-GLOBEX\"}");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        holdId = (String) ((Map<?, ?>) Json.parse(placed.body())).get("id");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listingHolds_showsNoHoldOfAnotherTenant() {
        Resp r = api.get("/v1/holds", ACME_ADMIN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"holds\":[]}").doesNotContain(holdId, "CASE-GLOBEX", "globex");
        assertThat(api.get("/v1/holds", ADMIN).body()).as("the */* key sees it").contains(holdId);
    }

    @Test
    void releasingAnotherTenantsHold_answers404LikeAMissingId_andTheHoldStands() {
        Resp r = api.send("DELETE", "/v1/holds/" + holdId, ACME_ADMIN, null, null);
        String missing = UUID.randomUUID().toString();
        Resp twin = api.send("DELETE", "/v1/holds/" + missing, ACME_ADMIN, null, null);
        assertProblem(r, 404, "NOT_FOUND", null);
        assertThat(r.body().replace(holdId, "{id}")).isEqualTo(twin.body().replace(missing, "{id}"));
        assertThat(api.get("/v1/holds", ADMIN).body()).contains(holdId);
    }

    @Test
    void aRetentionRun_deletesTheKeysOwnExpiredRecords_andNothingOfAnotherTenant() {
        List<AuditRecord> globexBefore = api.runtime().store().readRange(GLOBEX, 1, 100);
        Resp r = api.post("/v1/retention/runs", ACME_ADMIN, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("globex", holdId);
        assertThat(api.runtime().store().readRange(GLOBEX, 1, 100)).as("globex untouched").isEqualTo(globexBefore);
        assertThat(api.runtime().store().readRange(ACME, 1, 100)).as("acme's expired prefix deleted")
                .extracting(AuditRecord::seq).containsExactly(3L);
        assertThat(api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}").body())
                .as("the shortened chain still verifies").startsWith("{\"valid\":true,");
    }

    @Test
    void erasure_isRefusedTheSameWay_whetherTheSubjectExistsElsewhere_isUnknown_orIsHeld() {
        Resp onlyInGlobex = erase("s-globex-only");
        Resp unknown = erase("nobody-" + UUID.randomUUID());
        Resp held = erase("s-globex");
        assertProblem(onlyInGlobex, 403, "FORBIDDEN", null);
        assertThat(unknown.body()).isEqualTo(onlyInGlobex.body());
        assertThat(held.body()).isEqualTo(onlyInGlobex.body()).doesNotContain(holdId, "CASE-GLOBEX", "globex");
        assertThat(api.runtime().privacy().storedSubjectId("s-globex-only")).as("its keys are not destroyed").isPresent();
        assertThat(api.runtime().store().readRange(GLOBEX, 1, 100)).extracting(AuditRecord::kind).doesNotContain("gdpr_erasure");
    }

    @Test
    void forensicsOfAnotherTenantsEvent_answers404LikeAnEventNoTierHolds() {
        Resp r = api.get("/forensics/verify?event_id=" + globexEventId, ACME_ADMIN, PURPOSE_HEADER, PURPOSE);
        String missing = UUID.randomUUID().toString();
        Resp twin = api.get("/forensics/verify?event_id=" + missing, ACME_ADMIN, PURPOSE_HEADER, PURPOSE);
        assertProblem(r, 404, "NOT_FOUND", null);
        assertThat(r.body().replace(globexEventId, "{id}")).isEqualTo(twin.body().replace(missing, "{id}"))
                .doesNotContain("globex");
        assertThat(api.get("/forensics/verify?event_id=" + globexEventId, ADMIN, PURPOSE_HEADER, PURPOSE).status())
                .as("the event exists").isEqualTo(200);
    }

    private static Resp erase(String subject) {
        return api.post("/v1/gdpr/erasures", ACME_ADMIN, "{\"subject_id\":\"" + subject + "\",\"requested_by\":\"dpo-1\"}");
    }

    private static String append(ChainId chain, String subject) {
        Resp r = api.post("/v1/audit/events", ADMIN, event(chain.namespace(), chain.tenant(), "a").replace("s-42", subject));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("records")).get(0)).get("id");
    }
}
