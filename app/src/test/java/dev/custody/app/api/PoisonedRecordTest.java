package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.cli.CustodyCommand;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue point 1, the exact hostile request: an event whose payload key is 50,001 characters long (Jackson's default
 * reader limit is 50,000). By default ingest now rejects it and stores nothing; configured to accept it, every reader
 * reads it: query, by-id (also of another tenant's record), verify, export, forensics, retention, a restart (with the
 * record as the newest line of its file, so recovery must not cut it) and the offline {@code custody verify}.
 */
class PoisonedRecordTest {

    private static final String EVENTS = "/v1/audit/events";
    private static final String LONG_KEY = "k".repeat(50_001);

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"file", "encrypted-file"})
    void aMemberNameOf50001Chars_isRejectedByDefault_andNothingIsStored(String backend) throws IOException {
        try (TestServer api = TestServer.start(home, props(backend, Map.of()))) {
            assertThat(api.post(EVENTS, ADMIN, event("billing", "acme", "seed")).status()).isEqualTo(201);
            Map<Path, byte[]> before = files();

            Resp r = api.post(EVENTS, ADMIN, poisoned("acme"));
            assertProblem(r, 400, "INVALID_EVENT", "/payload");
            assertThat(r.body()).contains("member name of 50001 characters, more than the limit of 1024")
                    .hasSizeLessThan(2000);
            assertThat(api.runtime().store().tip(dev.custody.ports.ChainId.of("billing", "acme")).seq()).isEqualTo(1);
            Map<Path, byte[]> after = files();
            assertThat(after).as("nothing stored changed").containsOnlyKeys(before.keySet());
            before.forEach((p, b) -> assertThat(after.get(p)).as(p.toString()).isEqualTo(b));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "encrypted-file"})
    void accepted_everyReaderReadsIt_alsoAfterARestart_asTheNewestLine(String backend) throws IOException {
        Map<String, Object> props = props(backend, Map.of("custody.limits.max-name-chars", "60000"));
        String poisonedId;
        String otherId;
        try (TestServer api = TestServer.start(home, props)) {
            otherId = id(api.post(EVENTS, ADMIN, event("billing", "globex", "other-tenant")));
            assertThat(api.post(EVENTS, ADMIN, event("billing", "acme", "before")).status()).isEqualTo(201);
            Resp created = api.post(EVENTS, ADMIN, poisoned("acme"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            poisonedId = id(created);
            assertEveryReaderReads(api, poisonedId, otherId, 2);
        }
        Path dayFile = dayFile("acme");
        String newest = Files.readAllLines(dayFile).get(1);
        assertThat(newest).as("the poisoned record is the newest line").endsWith("}");

        try (TestServer api = TestServer.start(home, props)) {
            assertThat(Files.readAllLines(dayFile)).as("recovery kept it").hasSize(2).endsWith(newest);
            assertEveryReaderReads(api, poisonedId, otherId, 2);
            Resp retention = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(retention.status()).as(retention.body()).isEqualTo(200);
            assertThat(api.post(EVENTS, ADMIN, event("billing", "acme", "after")).status()).as("appends continue").isEqualTo(201);
            assertEveryReaderReads(api, poisonedId, otherId, 3);
        }
        Cli offline = cli("verify", "--namespace", "billing", "--tenant", "acme", "--config", config(props).toString());
        assertThat(offline.code()).as(offline.err()).isZero();
        assertThat(offline.out()).startsWith("{\"valid\":true,\"records_checked\":3,");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "encrypted-file"})
    void itsSiblings_atTheConfiguredLimits_areReadToo_afterARestart(String backend) throws IOException {
        Map<String, Object> props = props(backend, Map.of("custody.limits.max-name-chars", "60000",
                "custody.limits.max-event-bytes", "200000", "custody.limits.max-depth", "40"));
        String deep = "[".repeat(38) + "1" + "]".repeat(38);
        StringBuilder manyKeys = new StringBuilder("{");
        for (int i = 0; i < 8000; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        List<String> payloads = List.of(
                "{\"" + LONG_KEY + "\":1}",
                "{\"s\":\"" + "s".repeat(150_000) + "\"}",
                "{\"n\":" + "1." + "0".repeat(98) + "}",
                "{\"d\":" + deep + "}",
                manyKeys.append('}').toString());
        List<String> ids = new ArrayList<>();
        try (TestServer api = TestServer.start(home, props)) {
            for (String payload : payloads) {
                Resp r = api.post(EVENTS, ADMIN, withPayload("acme", payload));
                assertThat(r.status()).as(r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).isEqualTo(201);
                ids.add(id(r));
            }
        }
        try (TestServer api = TestServer.start(home, props)) {
            assertThat(Files.readAllLines(dayFile("acme"))).hasSize(payloads.size());
            for (String id : ids) {
                Resp r = api.get(EVENTS + "/" + id, ADMIN);
                assertThat(r.status()).as(id).isEqualTo(200);
            }
            Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}");
            assertThat(verify.body()).startsWith("{\"valid\":true,\"records_checked\":5,");
            assertThat(api.post(EVENTS, ADMIN, event("billing", "acme", "after")).status()).isEqualTo(201);
        }
    }

    private void assertEveryReaderReads(TestServer api, String poisonedId, String otherId, int records) {
        Resp query = api.get(EVENTS + "?namespace=billing&tenant=acme", ADMIN);
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.body()).contains(poisonedId, LONG_KEY);
        Resp byId = api.get(EVENTS + "/" + poisonedId, ADMIN);
        assertThat(byId.status()).as(byId.body()).isEqualTo(200);
        assertThat(byId.body()).contains(LONG_KEY);
        Resp otherTenant = api.get(EVENTS + "/" + otherId, ADMIN);
        assertThat(otherTenant.status()).as(otherTenant.body()).isEqualTo(200);
        Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}");
        assertThat(verify.body()).as(verify.body()).startsWith("{\"valid\":true,\"records_checked\":" + records + ",");
        Resp export = api.get("/v1/audit/export?namespace=billing&tenant=acme", ADMIN);
        assertThat(export.status()).isEqualTo(200);
        List<String> lines = Arrays.asList(export.body().split("\n"));
        assertThat(lines).hasSize(records);
        Verification offline = new ChainVerifier().verifyExport(lines.iterator());
        assertThat(offline.valid()).as(offline.reason()).isTrue();
        Resp forensics = api.get("/forensics/verify?event_id=" + poisonedId, ADMIN);
        assertThat(forensics.status()).as(forensics.body()).isEqualTo(200);
        assertThat(forensics.body()).contains("\"valid\":true");
        api.assertChainsVerify();
    }

    static String poisoned(String tenant) {
        return withPayload(tenant, "{\"" + LONG_KEY + "\":1}");
    }

    static String withPayload(String tenant, String payload) {
        return "{\"namespace\":\"billing\",\"tenant\":\"" + tenant + "\",\"kind\":\"decision\",\"action\":\"x\","
                + "\"actor\":{\"type\":\"service\",\"id\":\"s\"},\"outcome\":\"ok\",\"payload\":" + payload + "}";
    }

    private static String id(Resp created) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<?, ?> body = (Map<?, ?>) Json.parse(created.body());
        return (String) ((Map<?, ?>) ((List<?>) body.get("records")).get(0)).get("id");
    }

    private Map<String, Object> props(String backend, Map<String, Object> limits) {
        Map<String, Object> p = new HashMap<>(limits);
        p.put("custody.storage.primary.backend", backend);
        p.put("custody.storage.primary.properties.dir", home.resolve("records").toString());
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1D")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return p;
    }

    /** The same configuration as a YAML file for the offline commands (the api keys are not needed there). */
    private Path config(Map<String, Object> props) throws IOException {
        StringBuilder yml = new StringBuilder("custody:\n  home: ").append(home).append("\n  storage:\n    primary:\n")
                .append("      backend: ").append(props.get("custody.storage.primary.backend")).append('\n')
                .append("      properties:\n        dir: ").append(home.resolve("records")).append("\n  limits:\n");
        props.forEach((k, v) -> {
            if (k.startsWith("custody.limits.")) {
                yml.append("    ").append(k.substring("custody.limits.".length())).append(": ").append(v).append('\n');
            }
        });
        return Files.writeString(home.resolve("offline.yml"), yml);
    }

    private Path dayFile(String tenant) throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("records/billing/" + tenant))) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    private Map<Path, byte[]> files() throws IOException {
        Map<Path, byte[]> all = new HashMap<>();
        try (Stream<Path> s = Files.walk(home.resolve("records"))) {
            for (Path p : s.filter(f -> Files.isRegularFile(f) && !f.endsWith(".lock")).toList()) {
                all.put(p, Files.readAllBytes(p));
            }
        }
        return all;
    }

    /** What one in-process run of the command line printed and returned. */
    record Cli(int code, String out, String err) {
    }

    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CustodyCommand.run(args, new PrintWriter(out), new PrintWriter(err), () -> new ByteArrayInputStream(new byte[0]));
        return new Cli(code, out.toString(), err.toString());
    }

    static void appendLine(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
