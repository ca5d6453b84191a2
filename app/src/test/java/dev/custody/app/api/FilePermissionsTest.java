package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.plugins.PluginJars;
import dev.custody.app.testing.FlakyAuditStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue: "create data files and directories 0600/0700 regardless of umask". The build runs with umask 022, under
 * which the service's files came out 0644 and its directories 0755; here a running service ingests personal data,
 * delivers to a sink, erases a subject and spools through an outage, and then every file under
 * {@code custody.home} is 0600 and every directory 0700.
 */
class FilePermissionsTest {

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    @Test
    void aServiceThatIngestsDeliversAndErases_leavesOnlyOwnerOnlyFilesUnderItsHome() throws Exception {
        Path plugins = Files.createDirectories(elsewhere.resolve("plugins"));
        Files.move(PluginJars.build(elsewhere, "acme-lines.jar", "com.acme.lines", "acme-lines", 1),
                plugins.resolve("acme-lines.jar"));
        Map<String, Object> props = new HashMap<>();
        props.put("custody.personal-data.fields", List.of("/payload/reasons"));
        props.put("custody.plugins.dir", plugins.toString());
        props.put("custody.sinks", List.of(Map.of("name", "lines", "type", "acme-lines", "poll-interval", "50ms",
                "batch", Map.of("linger", "10ms"), "properties", Map.of("path", elsewhere.resolve("out.ndjson").toString()))));
        try (TestServer api = TestServer.start(home, props)) {   // no API key: the bootstrap token is created
            String token = Files.readString(home.resolve("bootstrap-admin.token")).trim();
            for (int i = 0; i < 3; i++) {
                assertThat(api.post("/v1/audit/events", token, TestServer.event("billing", "acme", "a" + i)
                        .replace("s-42", "subject-" + i)).status()).isEqualTo(201);
            }
            TestServer.Resp erased = api.post("/v1/gdpr/erasures", token,
                    "{\"subject_id\":\"subject-1\",\"requested_by\":\"dpo-ticket-1\"}");
            assertThat(erased.status()).as(erased.body()).isEqualTo(201);
            // three events and the erasure record on billing/acme
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (api.runtime().delivery().status().get(0).delivered() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(api.runtime().delivery().status().get(0).delivered()).isEqualTo(4);
        }
        assertThat(notOwnerOnly()).as("created with another mode than 0600/0700").isEmpty();
        assertThat(created()).contains("bootstrap-admin.token", "keys/master-key.json", "records/billing/acme", "subjects",
                "sinks/lines/cursor");
    }

    @Test
    void aServiceThatSpoolsThroughAnOutage_spoolsIntoOwnerOnlyFiles() throws Exception {
        String name = UUID.randomUUID().toString();
        Map<String, Object> props = new HashMap<>();
        props.put("custody.storage.primary.backend", "test-flaky");
        props.put("custody.storage.primary.properties.name", name);
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        try (TestServer api = TestServer.start(home, props)) {
            FlakyAuditStoreProvider.store(name).down.set(true);
            assertThat(api.post("/v1/audit/events", ADMIN, TestServer.event("billing", "acme", "x")).status()).isEqualTo(202);
            assertThat(notOwnerOnly()).as("created with another mode than 0600/0700").isEmpty();
            assertThat(created()).contains("spool/billing/acme/entries.jsonl");
        }
    }

    private List<String> created() throws IOException {
        try (Stream<Path> all = Files.walk(home)) {
            return all.filter(p -> !p.equals(home)).map(p -> home.relativize(p).toString()).toList();
        }
    }

    private List<String> notOwnerOnly() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(p -> !p.equals(home)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    wrong.add(home.relativize(p) + " " + mode);
                }
            }
        }
        return wrong;
    }
}
