package dev.custody.app.api;

import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotencyApiTest {

    @TempDir
    static Path home;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.withKeys(home);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void replay_returnsTheFirstAnswer_andAppendsNothing() {
        ChainId chain = ChainId.of("billing", "idem");
        Resp first = api.post("/v1/audit/events", WRITER, event("billing", "idem", "a"), "Idempotency-Key", "order-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotency-Replayed")).isNull();
        ChainTip tip = api.runtime().store().tip(chain);

        Resp again = api.post("/v1/audit/events", WRITER, event("billing", "idem", "a"), "Idempotency-Key", "order-1");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(api.runtime().store().tip(chain)).isEqualTo(tip);

        assertProblem(api.post("/v1/audit/events", WRITER, event("billing", "idem", "b"), "Idempotency-Key", "order-1"),
                422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key");
        assertThat(api.runtime().store().tip(chain)).isEqualTo(tip);
        api.assertChainsVerify();
    }

    @Test
    void concurrentDuplicates_appendOnce() {
        ChainId chain = ChainId.of("billing", "race");
        List<CompletableFuture<Resp>> all = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.post("/v1/audit/events", WRITER,
                        event("billing", "race", "once"), "Idempotency-Key", "race-key")))
                .toList();
        List<Resp> answers = all.stream().map(CompletableFuture::join).toList();
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(answers.stream().map(Resp::body).distinct()).hasSize(1);
        assertThat(answers.stream().filter(r -> r.header("Idempotency-Replayed") == null)).hasSize(1);
        assertThat(api.runtime().store().tip(chain).seq()).isEqualTo(1);
    }

    @Test
    void failedRequestsAreNotRemembered() {
        Resp bad = api.post("/v1/audit/events", WRITER, event("billing", "retry", "a").replace("\"kind\":\"decision\"",
                "\"kind\":\"nope\""), "Idempotency-Key", "k-fail");
        assertProblem(bad, 400, "INVALID_EVENT", "/kind");
        Resp fixed = api.post("/v1/audit/events", WRITER, event("billing", "retry", "a"), "Idempotency-Key", "k-fail");
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(fixed.header("Idempotency-Replayed")).isNull();
    }
}
