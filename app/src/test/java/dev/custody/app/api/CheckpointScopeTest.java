package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.TestRedis;
import dev.custody.ports.ChainId;
import dev.custody.ports.SubjectDataStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review overwrote one tenant's conversation checkpoint with another tenant's writer key (checkpoints were
 * keyed by subject and thread only) and stored a 9 MB one. Checkpoints are now kept per chain, which the key must
 * cover, at most {@code max-checkpoint-bytes} each and {@code max-checkpoints-per-tenant} per chain.
 */
class CheckpointScopeTest {

    static final String ACME_WRITER = "t-acme-writer";
    static final String GLOBEX_WRITER = "t-globex-writer";
    static final ChainId ACME = ChainId.of("billing", "acme");
    static final ChainId GLOBEX = ChainId.of("billing", "globex");
    static final ChainId QUOTA = ChainId.of("billing", "quota");

    @TempDir
    static Path home;
    static TestRedis redis;
    static TestServer api;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        Map<String, Object> p = new HashMap<>();
        p.put("custody.personal-data.fields", List.of("/payload/reasons"));
        p.put("custody.subject-data.stores", List.of(Map.of("provider", "redis",
                "properties", Map.of("uri", redis.uri(), "prefix", redis.prefix))));
        p.put("custody.subject-data.max-checkpoints-per-tenant", "3");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("acme-writer", ACME_WRITER, "writer", "billing/acme"),
                TestServer.key("globex-writer", GLOBEX_WRITER, "writer", "billing/globex")));
        api = TestServer.start(home, p);
    }

    @AfterAll
    static void stop() {
        try {
            api.close();
        } finally {
            redis.close();
        }
    }

    @Test
    void aWriterOfOneTenant_cannotOverwriteAnotherTenantsCheckpoint() {
        assertThat(put(GLOBEX_WRITER, "{\"namespace\":\"billing\",\"tenant\":\"globex\",\"subject_id\":\"s-1\","
                + "\"thread_id\":\"t-1\",\"checkpoint\":{\"owner\":\"globex\"}}").status()).isEqualTo(204);

        // the review's request: no chain at all, the same subject and thread
        Resp unscoped = put(ACME_WRITER, "{\"subject_id\":\"s-1\",\"thread_id\":\"t-1\",\"checkpoint\":{\"owner\":\"acme\"}}");
        assertProblem(unscoped, 400, "INVALID_PARAMETER", "/namespace");
        Resp other = put(ACME_WRITER, "{\"namespace\":\"billing\",\"tenant\":\"globex\",\"subject_id\":\"s-1\","
                + "\"thread_id\":\"t-1\",\"checkpoint\":{\"owner\":\"acme\"}}");
        assertProblem(other, 403, "FORBIDDEN", "/tenant");
        assertThat(other.body()).doesNotContain("globex");
        Resp own = put(ACME_WRITER, "{\"namespace\":\"billing\",\"tenant\":\"acme\",\"subject_id\":\"s-1\","
                + "\"thread_id\":\"t-1\",\"checkpoint\":{\"owner\":\"acme\"}}");
        assertThat(own.status()).as(own.body()).isEqualTo(204);

        assertThat(stored(GLOBEX, "s-1", "t-1")).contains("{\"owner\":\"globex\"}");
        assertThat(stored(ACME, "s-1", "t-1")).as("the same subject and thread on acme is another checkpoint")
                .contains("{\"owner\":\"acme\"}");
        assertProblem(put(ADMIN, "{\"namespace\":\"custody\",\"tenant\":\"holds\",\"subject_id\":\"s-1\",\"thread_id\":\"t\","
                + "\"checkpoint\":1}"), 400, "INVALID_PARAMETER", "/namespace");
    }

    @Test
    void aCheckpointLargerThanTheLimit_isRefused413_andNothingIsStored() {
        String nineMegabytes = "x".repeat(9 * 1024 * 1024);
        Resp huge = put(ACME_WRITER, checkpoint("big", "\"" + nineMegabytes + "\""));
        assertProblem(huge, 413, "PAYLOAD_TOO_LARGE", "/checkpoint");
        assertThat(stored(ACME, "s-big", "big")).isEmpty();

        String atTheLimit = "\"" + "y".repeat(256 * 1024 - 2) + "\"";   // 262,144 bytes of JSON text
        assertThat(put(ACME_WRITER, checkpoint("big", atTheLimit)).status()).isEqualTo(204);
        assertProblem(put(ACME_WRITER, checkpoint("big", atTheLimit.replace("\"y", "\"yz"))), 413, "PAYLOAD_TOO_LARGE",
                "/checkpoint");
        assertThat(stored(ACME, "s-big", "big")).contains(atTheLimit);
    }

    @Test
    void aChainHoldsAtMostItsQuota_replacingIsNoNewCheckpoint_andErasureFreesIt() {
        for (int i = 1; i <= 3; i++) {
            assertThat(put(ADMIN, quota("s-q", "q" + i)).status()).isEqualTo(204);
        }
        Resp full = put(ADMIN, quota("s-q", "q4"));
        assertProblem(full, 422, "QUOTA_EXCEEDED", "/tenant");
        assertThat(stored(QUOTA, "s-q", "q4")).isEmpty();
        assertThat(put(ADMIN, quota("s-q", "q1")).status()).as("replacing").isEqualTo(204);
        assertThat(put(ADMIN, quota("s-q", "q4").replace("\"quota\"", "\"globex\"")).status())
                .as("another chain has its own quota").isEqualTo(204);

        assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "quota", "a").replace("s-42", "s-q")).status())
                .isEqualTo(201);
        Resp erased = api.post("/v1/gdpr/erasures", ADMIN, "{\"subject_id\":\"s-q\",\"requested_by\":\"dpo-1\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        assertThat(put(ADMIN, quota("s-r", "q5")).status()).as("erasure freed the chain's quota").isEqualTo(204);
    }

    private static Optional<String> stored(ChainId chain, String subject, String thread) {
        SubjectDataStore store = api.runtime().privacy().stores().get(0);
        return store.getIn(chain, api.runtime().privacy().erasure().subjectKey(subject), thread);
    }

    private static String checkpoint(String thread, String value) {
        return "{\"namespace\":\"billing\",\"tenant\":\"acme\",\"subject_id\":\"s-big\",\"thread_id\":\"" + thread
                + "\",\"checkpoint\":" + value + "}";
    }

    private static String quota(String subject, String thread) {
        return "{\"namespace\":\"billing\",\"tenant\":\"quota\",\"subject_id\":\"" + subject + "\",\"thread_id\":\"" + thread
                + "\",\"checkpoint\":{\"n\":1}}";
    }

    private static Resp put(String token, String json) {
        return api.send("PUT", "/v1/subject-data/checkpoints", token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
