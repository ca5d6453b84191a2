package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.domain.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics stay bounded (issue 22 point 4): traffic over 50 tenants and then over 500 leaves every metric family of
 * {@code /prometheus} with the same number of series, and no series names a tenant, chain, subject, id, action, custom
 * kind or path a client sent. The traffic touches every custody metric a request can move: appends (one, a batch, a
 * custom kind), queries, reads by id (found and not), verification, export, stats, holds, retention, rejections of each
 * kind a client can cause, unknown paths and methods, and retention deleting records of custom kinds.
 */
class MetricCardinalityTest {

    /** Families whose label values follow the JVM, not the traffic (a new GC cause may appear at any time). */
    private static final List<String> JVM_DRIVEN = List.of("jvm_gc_");

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path home;
    static TestServer api;
    static final List<String> sent = new ArrayList<>();

    @BeforeAll
    static void start() {
        MovableClockFactory.CLOCK.set(START);
        api = TestServer.start(home, Map.of(
                "test.movable-clock", "true",
                "custody.retention.schedule", "off",
                "custody.retention.policies", List.of(Map.of("namespace", "card", "delete-after", "P1D")),
                "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void seriesDoNotGrowWithTenants_andNameNoneOfThem() {
        scrape();   // the scrape counts itself from the second on
        Map<String, Integer> after50 = null;
        for (int round = 1; round <= 10; round++) {
            traffic((round - 1) * 50, round * 50);
            retainTwoDaysLater(round);
            if (round == 1) {
                after50 = seriesByFamily();
            }
        }
        Map<String, Integer> after500 = seriesByFamily();
        assertThat(after500).as("series per metric family after 500 tenants vs after 50").isEqualTo(after50);
        String scrape = scrape();
        for (String s : sent) {
            assertThat(scrape).as("a series names %s, which a client sent", s).doesNotContain(s);
        }
    }

    /** One round of every kind of request for each tenant {@code t-from} … {@code t-(to-1)}. */
    private static void traffic(int from, int to) {
        for (int i = from; i < to; i++) {
            String tenant = "tn-" + i;
            String action = "act-" + i;
            String subject = "subj-" + i;
            String kind = "x-kind-" + i;
            sent.addAll(List.of(tenant, action, subject, kind));
            String chain = "?namespace=card&tenant=" + tenant;
            Resp one = api.post("/v1/audit/events", ADMIN, event(tenant, "decision", action, subject));
            assertThat(one.status()).as(one.body()).isEqualTo(201);
            String id = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(one.body())).get("records")).get(0)).get("id");
            sent.add(id);
            assertThat(api.post("/v1/audit/events", ADMIN, "{\"events\":[" + event(tenant, kind, action, subject) + ","
                    + event(tenant, "decision", action, subject) + "]}").status()).isEqualTo(201);
            assertThat(api.get("/v1/audit/events" + chain + "&action=" + action, ADMIN).status()).isEqualTo(200);
            assertThat(api.get("/v1/audit/events/" + id, ADMIN).status()).isEqualTo(200);
            assertThat(api.get("/v1/audit/events/" + id.substring(0, id.length() - 4) + "0000", ADMIN).status()).isEqualTo(404);
            assertThat(api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"card\",\"tenant\":\"" + tenant + "\"}",
                    PURPOSE_HEADER, PURPOSE).status()).isEqualTo(200);
            assertThat(api.get("/v1/audit/export" + chain, ADMIN).status()).isEqualTo(200);
            assertThat(api.get("/v1/audit/stats" + chain, ADMIN).status()).isEqualTo(200);
            assertThat(api.post("/v1/audit/events", ADMIN, event(tenant, "not-a-kind", action, subject)).status()).isEqualTo(400);
            assertThat(api.post("/v1/audit/events", ADMIN, "{\"namespace\":\"card\",\"tenant\":\"" + tenant).status())
                    .isEqualTo(400);
            assertThat(api.get("/v1/audit/events" + chain, "wrong-token-" + tenant).status()).isEqualTo(401);
            assertThat(api.get("/v1/" + tenant + "/nothing-here", ADMIN).status()).isEqualTo(404);
            assertThat(api.send("PATCH", "/v1/audit/events/" + id, ADMIN, null, null).status()).isEqualTo(405);
            assertThat(api.send("M" + i, "/v1/audit/events" + chain, ADMIN, null, null).status()).isGreaterThanOrEqualTo(400);
            sent.addAll(List.of("/v1/" + tenant, "M" + i + "\""));
            if (i % 10 == 0) {
                Resp hold = api.post("/v1/holds", ADMIN, "{\"scope\":{\"namespace\":\"card\",\"tenant\":\"" + tenant
                        + "\"},\"reason\":\"r-" + tenant + "\",\"case_id\":\"case-" + tenant + "\"}");
                assertThat(hold.status()).as(hold.body()).isEqualTo(201);
                assertThat(api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":true}").status()).isEqualTo(200);
            }
        }
    }

    /**
     * Moves time on and runs retention, which deletes all but the tip of the 50 chains written since the last run,
     * custom kinds included (50 at a time: one run's retention record lists every chain it pruned).
     */
    private static void retainTwoDaysLater(int round) {
        MovableClockFactory.CLOCK.set(START.plus(Duration.ofDays(2L * round)));
        Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("\"x-kind-");
    }

    private static String event(String tenant, String kind, String action, String subject) {
        return "{\"namespace\":\"card\",\"tenant\":\"" + tenant + "\",\"kind\":\"" + kind + "\",\"action\":\"" + action
                + "\",\"actor\":{\"type\":\"service\",\"id\":\"a-" + tenant + "\"},\"resource\":{\"type\":\"loan\",\"id\":\"r-"
                + tenant + "\"},\"outcome\":\"ok\",\"subject_id\":\"" + subject + "\",\"payload\":{\"n\":1}}";
    }

    private static String scrape() {
        Resp r = api.get("/prometheus", ADMIN);
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    /** Series per family (the name before the labels, without the _bucket/_count/_sum/_max suffixes). */
    private static Map<String, Integer> seriesByFamily() {
        Map<String, Integer> families = new TreeMap<>();
        for (String line : scrape().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String name = line.split("[{ ]", 2)[0];
            if (JVM_DRIVEN.stream().anyMatch(name::startsWith)) {
                continue;
            }
            families.merge(name, 1, Integer::sum);
        }
        return families;
    }
}
