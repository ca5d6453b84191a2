package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.PoisonedRecordTest.Cli;
import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stored line the reader cannot decode (changed outside Custody, or sealed under another key) stops its own chain
 * with a clear error naming the file and the line, never the service: it starts, the other chains work, by-id lookups
 * and retention runs skip the chain, and verification reports it broken at that record (issue point 6 for
 * {@code encrypted-file}: {@code valid:false}, not 500 / exit 2).
 */
class UnreadableChainTest {

    private static final String EVENTS = "/v1/audit/events";
    private static final String VERIFY_ACME = "{\"namespace\":\"billing\",\"tenant\":\"acme\"}";

    @TempDir
    Path home;

    @Test
    void aCompleteLineThatIsNotARecord_isKept_andFailsOnlyItsChain() throws IOException {
        Map<String, Object> props = props("file");
        String globexId;
        try (TestServer api = TestServer.start(home, props)) {
            for (int i = 0; i < 3; i++) {
                assertThat(api.post(EVENTS, ADMIN, event("billing", "acme", "a" + i)).status()).isEqualTo(201);
            }
            globexId = id(api.post(EVENTS, ADMIN, event("billing", "globex", "g")));
        }
        Path acme = dayFile("acme");
        PoisonedRecordTest.appendLine(acme, "{\"seq\":4,\"note\":\"not a record\"}");
        List<String> onDisk = Files.readAllLines(acme);

        try (TestServer api = TestServer.start(home, props)) {
            assertThat(api.get("/health", null).status()).as("the service starts").isEqualTo(200);
            assertThat(Files.readAllLines(acme)).as("a complete JSON line is never cut as torn").isEqualTo(onDisk);

            assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme", ADMIN), 500, "CHAIN_UNREADABLE", null);
            Resp append = api.post(EVENTS, ADMIN, event("billing", "acme", "refused"));
            assertProblem(append, 500, "CHAIN_UNREADABLE", null);
            assertThat(append.body()).contains("chain billing/acme cannot be read at record seq 4");
            Resp verify = api.post("/v1/audit/verify", ADMIN, VERIFY_ACME);
            assertThat(verify.status()).isEqualTo(200);
            assertThat(verify.body()).startsWith("{\"valid\":false,\"records_checked\":4,\"first_broken_at\":null,");

            assertThat(api.get(EVENTS + "/" + globexId, ADMIN).status()).as("by id, another chain").isEqualTo(200);
            assertThat(api.get(EVENTS + "/00000000-0000-7000-8000-000000000000", ADMIN).status()).isEqualTo(404);
            assertThat(api.get(EVENTS + "?namespace=billing&tenant=globex", ADMIN).status()).isEqualTo(200);
            assertThat(api.post(EVENTS, ADMIN, event("billing", "globex", "g2")).status()).isEqualTo(201);
            Resp retention = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(retention.status()).as(retention.body()).isEqualTo(200);
            assertThat(retention.body()).contains("chain billing/acme: nothing retained, it cannot be read");
        }
        Cli broken = PoisonedRecordTest.cli("verify", "--namespace", "billing", "--tenant", "acme", "--config", config().toString());
        assertThat(broken.code()).as(broken.err()).isEqualTo(1);
        assertThat(broken.out()).contains("\"valid\":false", acme + " line 4");
        Cli intact = PoisonedRecordTest.cli("verify", "--namespace", "billing", "--tenant", "globex", "--config", config().toString());
        assertThat(intact.code()).as(intact.err()).isZero();
        Cli export = PoisonedRecordTest.cli("export", "--namespace", "billing", "--tenant", "globex", "--config", config().toString());
        assertThat(export.code()).as(export.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void encryptedFile_aLineThatDoesNotDecrypt_isBrokenAtThatRecord_inTheApiAndTheCli(int victim) throws IOException {
        Map<String, Object> props = props("encrypted-file");
        List<String> ids = new ArrayList<>();
        try (TestServer api = TestServer.start(home, props)) {
            for (int i = 0; i < 4; i++) {
                ids.add(id(api.post(EVENTS, ADMIN, event("billing", "acme", "a" + i))));
            }
            assertThat(api.post(EVENTS, ADMIN, event("billing", "globex", "g")).status()).isEqualTo(201);
        }
        Path acme = dayFile("acme");
        List<String> lines = new ArrayList<>(Files.readAllLines(acme));
        String line = lines.get(victim - 1);
        int at = line.length() - 12;
        lines.set(victim - 1, line.substring(0, at) + (line.charAt(at) == 'x' ? 'y' : 'x') + line.substring(at + 1));
        Files.write(acme, lines);

        try (TestServer api = TestServer.start(home, props)) {
            Resp verify = api.post("/v1/audit/verify", ADMIN, VERIFY_ACME);
            assertThat(verify.status()).as(verify.body()).isEqualTo(200);
            Map<?, ?> v = (Map<?, ?>) Json.parse(verify.body());
            assertThat(v.get("valid")).isEqualTo(false);
            assertThat(v.get("records_checked")).isEqualTo((long) victim);
            assertThat(v.get("first_broken_at")).isNull();
            assertThat(v.get("last_record_id")).isEqualTo(ids.get(victim - 2));
            assertThat((String) v.get("reason")).startsWith("record seq " + victim + " cannot be read: ")
                    .contains(acme + " line " + victim, "does not decrypt");
            assertThat(api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"globex\"}").body())
                    .startsWith("{\"valid\":true");
            assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme", ADMIN), 500, "CHAIN_UNREADABLE", null);
            assertThat(api.get(EVENTS + "/" + ids.get(0), ADMIN).status()).isEqualTo(200);
        }
        Cli cli = PoisonedRecordTest.cli("verify", "--namespace", "billing", "--tenant", "acme", "--config", config().toString());
        assertThat(cli.code()).as("exit 1: the chain is broken (docs/cli.md), not 2: " + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("\"valid\":false", "\"records_checked\":" + victim, "does not decrypt");
    }

    private Map<String, Object> props(String backend) {
        Map<String, Object> p = new HashMap<>();
        p.put("custody.storage.primary.backend", backend);
        p.put("custody.storage.primary.properties.dir", home.resolve("records").toString());
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1D")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return p;
    }

    private Path config() throws IOException {
        String backend = Files.exists(home.resolve("records/.custody-format"))
                && Files.readString(home.resolve("records/.custody-format")).contains("sealed") ? "encrypted-file" : "file";
        return Files.writeString(home.resolve("offline.yml"), "custody:\n  home: " + home + "\n  storage:\n    primary:\n"
                + "      backend: " + backend + "\n      properties:\n        dir: " + home.resolve("records") + "\n");
    }

    private Path dayFile(String tenant) throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("records/billing/" + tenant))) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    private static String id(Resp created) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<?, ?> body = (Map<?, ?>) Json.parse(created.body());
        return (String) ((Map<?, ?>) ((List<?>) body.get("records")).get(0)).get("id");
    }
}
