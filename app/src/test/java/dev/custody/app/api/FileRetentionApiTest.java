package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/retention/runs} on the {@code file} and {@code encrypted-file} backends with the service's clock
 * moved years forward (ADR 0074): the expired prefix is gone from the directory, in batches that rewrite the day file
 * that straddles each cut and then delete it whole; the day file of the retained records is byte for byte what it was;
 * the chain verifies from its oldest retained record, anchored by the retention record; appends continue.
 */
class FileRetentionApiTest {

    private static final ChainId CHAIN = ChainId.of("billing", "file");

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"file", "encrypted-file"})
    void retentionRun_removesTheExpiredDayFileFromDisk_andTheChainStillVerifies(String backend) throws Exception {
        Path chainDir = home.resolve("records/billing/file");
        Path oldDay = chainDir.resolve("2020-01-01.jsonl");
        Path recentDay = chainDir.resolve("2023-06-01.jsonl");
        try (TestServer api = TestServer.start(home, props(backend))) {
            MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
            post(api, "a1", "a2", "a3", "a4", "a5");
            MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
            post(api, "b1", "b2");
            assertThat(Files.readAllLines(oldDay, StandardCharsets.UTF_8)).hasSize(5);
            byte[] recentBefore = Files.readAllBytes(recentDay);

            Resp dry = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":true}");
            assertThat(dry.status()).as(dry.body()).isEqualTo(200);
            assertThat(dry.body()).doesNotContain("PURGE_BEFORE_SEQ");
            assertThat(Files.readAllLines(oldDay, StandardCharsets.UTF_8)).as("a dry run changes nothing").hasSize(5);

            Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            Map<?, ?> r = (Map<?, ?>) Json.parse(run.body());
            assertThat(((Map<?, ?>) ((Map<?, ?>) r.get("deleted")).get("warm")).get("decision")).isEqualTo(5L);

            assertThat(oldDay).as("the expired day file is gone").doesNotExist();
            assertThat(Files.readAllBytes(recentDay)).as("the retained records are untouched").isEqualTo(recentBefore);
            try (Stream<Path> left = Files.list(chainDir)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("2023-06-01.jsonl");
            }
            assertThat(api.runtime().store().stream(CHAIN).map(AuditRecord::seq)).containsExactly(6L, 7L);

            Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"file\"}");
            assertThat(verify.body()).as(verify.body()).startsWith("{\"valid\":true,\"records_checked\":2,");

            post(api, "c1");
            assertThat(api.runtime().store().tip(CHAIN).seq()).isEqualTo(8);
            Resp again = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"file\"}");
            assertThat(again.body()).as(again.body()).startsWith("{\"valid\":true,\"records_checked\":3,");
        }
    }

    private static void post(TestServer api, String... actions) {
        Resp resp = api.post("/v1/audit/events", ADMIN, batch(Stream.of(actions).map(a -> event("billing", "file", a))
                .toArray(String[]::new)));
        assertThat(resp.status()).as(resp.body()).isEqualTo(201);
    }

    private Map<String, Object> props(String backend) {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.compliance.mode", "soc2");
        p.put("custody.storage.primary.backend", backend);
        p.put("custody.storage.primary.properties.dir", home.resolve("records").toString());
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y"),
                Map.of("namespace", "custody", "delete-after", "P10Y")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.retention.batch-size", "2");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return p;
    }
}
