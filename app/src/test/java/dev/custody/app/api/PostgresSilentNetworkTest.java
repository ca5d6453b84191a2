package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.fault.TcpProxy;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL behind a network that stops answering without closing anything (packets dropped, no RST): the
 * proxy holds every byte. The adapter's socket timeout gives the connection up, the append goes to the spool
 * and is answered {@code 202 spooled} instead of hanging; when the network answers again the spool drains and
 * every acknowledged record is in the chain once.
 */
class PostgresSilentNetworkTest {

    @TempDir
    Path home;

    @Test
    void silentNetwork_appendIsSpooledWithinTheSocketTimeoutAndStoredAfterwards() throws Exception {
        String[] server = PostgresTestDatabase.SERVER.split(":");
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_silent");
                TcpProxy proxy = TcpProxy.start(server[0], Integer.parseInt(server[1]))) {
            Map<String, Object> props = db.primaryPropertiesVia(proxy.port());
            props.put("custody.storage.primary.properties.socket-timeout", "2s");
            props.put("custody.spool.retry-interval", "200ms");
            props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            try (TestServer api = TestServer.start(home, props)) {
                List<String> ids = new ArrayList<>();
                Resp before = api.post("/v1/audit/events", ADMIN, TestServer.event("silent", "acme", "before"));
                assertThat(before.status()).as(before.body()).isEqualTo(201);
                ids.add(id(before));

                proxy.slowDown(Duration.ofMinutes(30));   // every byte in flight is held: the server seems gone
                long start = System.nanoTime();
                Resp during = api.post("/v1/audit/events", ADMIN, TestServer.event("silent", "acme", "during"));
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(during.status()).as(during.body()).isEqualTo(202);
                assertThat(during.body()).contains("\"spooled\":true");
                // the socket timeout is 2 s, the pool's connection timeout 5 s; without a socket timeout this would
                // wait for the operating system's TCP retransmission limit (about 15 minutes on Linux)
                assertThat(waitedMs).as("time to the 202").isLessThan(30_000);
                ids.add(id(during));

                proxy.restore();
                // connections opened before the silence are still stuck behind it: a call on one of them times out
                // too and is spooled, until the pool has replaced them; appends are answered 201 again after that
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                Resp after;
                do {
                    after = api.post("/v1/audit/events", ADMIN, TestServer.event("silent", "acme", "after"));
                    assertThat(after.status()).as(after.body()).isIn(201, 202);
                    ids.add(id(after));
                } while (after.status() != 201 && System.nanoTime() < deadline);
                assertThat(after.status()).as("stored directly again within 120 s: " + after.body()).isEqualTo(201);
                awaitHealthUp(api);

                Resp export = api.get("/v1/audit/export?namespace=silent&tenant=acme", ADMIN);
                List<String> lines = export.body().lines().filter(l -> !l.isBlank()).toList();
                assertThat(lines.stream().map(l -> (String) ((Map<?, ?>) Json.parse(l)).get("id")).toList())
                        .containsExactlyElementsOf(ids);
                Verification v = new ChainVerifier().verifyExport(lines.iterator());
                assertThat(v.valid()).as(v.reason()).isTrue();
            }
        }
    }

    private static String id(Resp r) {
        return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("records")).get(0)).get("id");
    }

    private static void awaitHealthUp(TestServer api) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Resp h = null;
        while (System.nanoTime() < deadline) {
            h = api.get("/health", ADMIN);
            if (h.status() == 200 && h.body().contains("\"status\":\"UP\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the spool did not drain: " + (h == null ? "-" : h.body()));
    }
}
