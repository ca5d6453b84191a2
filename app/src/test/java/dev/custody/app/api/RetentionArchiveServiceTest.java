package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.S3TestServer;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention archiving to S3 (s3proxy) from PostgreSQL in mode {@code hipaa}: archival is a move, not a deletion, so
 * it runs under immutable audit (the database lets archived rows leave); the chain then verifies across tiers.
 */
class RetentionArchiveServiceTest {

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void hipaa_retentionArchivesToS3_andTheChainVerifiesAcrossTiers() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_ret_s3"); S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> p = new HashMap<>();
            p.put("test.movable-clock", "true");
            p.put("custody.compliance.mode", "hipaa");
            p.put("custody.storage.primary.backend", "postgres");
            p.put("custody.storage.primary.properties.url", db.url);
            p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            p.put("custody.storage.primary.properties.migrate", "true");
            p.put("custody.archive.provider", "s3");
            s3.archiveProperties("custody-retention").forEach((k, v) -> p.put("custody.archive.properties." + k, v));
            p.put("custody.archive.schedule", "off");
            p.put("custody.archive.max-attempts", "1");
            p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "archive-after", "P30D")));
            p.put("custody.retention.schedule", "off");
            p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            try (TestServer api = TestServer.start(home, p)) {
                MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "s3", "a1"), event("billing", "s3", "a2"),
                        event("billing", "s3", "a3"), event("billing", "s3", "a4"), event("billing", "s3", "a5"))).status())
                        .isEqualTo(201);
                MovableClockFactory.CLOCK.set(Instant.parse("2020-06-01T00:00:00Z"));
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "s3", "b1"), event("billing", "s3", "b2")))
                        .status()).isEqualTo(201);

                Resp dry = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":true}");
                Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
                assertThat(run.status()).as(run.body()).isEqualTo(200);
                Map<?, ?> r = (Map<?, ?>) Json.parse(run.body());
                assertThat(r.get("archived")).isEqualTo(Map.of("billing/s3", 5L));
                assertThat(((Map<?, ?>) Json.parse(dry.body())).get("archived")).isEqualTo(r.get("archived"));
                assertThat(api.runtime().store().stream(ChainId.of("billing", "s3")).findFirst().orElseThrow().seq()).isEqualTo(6);
                assertThat(api.runtime().tiering().orElseThrow().archive().list("")).hasSize(2);   // one segment, its manifest

                Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"s3\"}");
                assertThat(verify.body()).as(verify.body()).startsWith("{\"valid\":true,\"records_checked\":7,");
                assertThat(verify.body()).contains("\"archived_records\":5");
            }
        }
    }

    @Test
    void soc2_retentionDeletesExpiredSegmentsFromS3_andTheChainStillVerifies() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_ret_s3del"); S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> p = new HashMap<>();
            p.put("test.movable-clock", "true");
            p.put("custody.storage.primary.backend", "postgres");
            p.put("custody.storage.primary.properties.url", db.url);
            p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            p.put("custody.storage.primary.properties.migrate", "true");
            p.put("custody.archive.provider", "s3");
            s3.archiveProperties("custody-retention-del").forEach((k, v) -> p.put("custody.archive.properties." + k, v));
            p.put("custody.archive.schedule", "off");
            p.put("custody.archive.max-attempts", "1");
            p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "archive-after", "P30D",
                    "delete-after", "P1Y")));
            p.put("custody.retention.schedule", "off");
            p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            try (TestServer api = TestServer.start(home, p)) {
                MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "s3", "a1"), event("billing", "s3", "a2")))
                        .status()).isEqualTo(201);
                MovableClockFactory.CLOCK.set(Instant.parse("2020-03-01T00:00:00Z"));
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "s3", "b1"), event("billing", "s3", "b2")))
                        .status()).isEqualTo(201);
                MovableClockFactory.CLOCK.set(Instant.parse("2020-06-01T00:00:00Z"));
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "s3", "c1"))).status()).isEqualTo(201);
                assertThat(api.post("/v1/retention/runs", ADMIN, "{}").status()).isEqualTo(200);   // archives Jan and Mar
                assertThat(api.runtime().tiering().orElseThrow().archive().list("")).hasSize(4);

                MovableClockFactory.CLOCK.set(Instant.parse("2021-02-15T00:00:00Z"));   // January 2020 is over a year old
                Resp run = api.post("/v1/retention/runs", ADMIN, "{}");
                Map<?, ?> r = (Map<?, ?>) Json.parse(run.body());
                assertThat(((Map<?, ?>) r.get("deleted")).get("archive")).as(run.body()).isEqualTo(Map.of("decision", 2L));
                assertThat(api.runtime().tiering().orElseThrow().archive().list("")).hasSize(2);

                Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"s3\"}");
                assertThat(verify.body()).as(verify.body()).startsWith("{\"valid\":true,\"records_checked\":3,");
            }
        }
    }
}
