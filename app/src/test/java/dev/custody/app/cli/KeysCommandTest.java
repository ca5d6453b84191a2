package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys status} and {@code keys rotate} over a real encrypted-file store and tink key store. */
class KeysCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private Path config() throws Exception {
        return Files.writeString(tmp.resolve("custody.yml"), "custody:\n  home: " + home + "\n  storage:\n    primary:\n"
                + "      backend: encrypted-file\n");
    }

    private void append(int n) {
        Map<String, Object> props = Map.of("custody.home", home.toString(), "custody.storage.primary.backend", "encrypted-file");
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", props))), AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC())) {
            List<AuditEvent> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(AuditEvent.builder(CHAIN).kind("decision").action("loan.approve").actor("service", "scorer-7")
                        .outcome("approved").payload(Map.of("i", i)).build());
            }
            runtime.appender().append(batch);
        }
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void rotate_addsAPrimaryKey_recordsItOnTheAdminChain_andOldRecordsStillVerify() throws Exception {
        append(7);
        String config = config().toString();
        JsonNode before = json(Cli.run("keys", "status", "--config", config));
        assertThat(before.get("key_store").asText()).contains("local master key");
        JsonNode store = keyset(before, "store.encrypted-file");
        assertThat(store.get("used_by").asText()).isEqualTo("backend encrypted-file");
        assertThat(store.get("keys")).hasSize(1);
        long first = store.get("keys").get(0).get("id").asLong();
        assertThat(store.get("keys").get(0).get("records").asLong()).isEqualTo(7);

        JsonNode rotated = json(Cli.run("keys", "rotate", "--config", config, "--operator", "alice"));
        long second = rotated.get("primary_key_id").asLong();
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.get("admin_record").get("seq").asLong()).isEqualTo(1);

        append(3);
        JsonNode after = keyset(json(Cli.run("keys", "status", "--config", config)), "store.encrypted-file");
        assertThat(after.get("keys")).hasSize(2);
        for (JsonNode k : after.get("keys")) {
            long expected = k.get("id").asLong() == first ? 7 : 4;   // the new key also sealed the admin record
            assertThat(k.get("records").asLong()).as("records sealed by key %s", k.get("id")).isEqualTo(expected);
            assertThat(k.get("primary").asBoolean()).isEqualTo(k.get("id").asLong() == second);
        }
        assertThat(Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", config).code()).isZero();
        Cli.Result admin = Cli.run("export", "--namespace", "custody", "--tenant", "admin", "--config", config);
        assertThat(admin.code()).as(admin.err()).isZero();
        JsonNode record = JSON.readTree(admin.outLines().get(0));
        assertThat(record.get("kind").asText()).isEqualTo("admin");
        assertThat(record.get("action").asText()).isEqualTo("keys.rotate");
        assertThat(record.get("actor").get("id").asText()).isEqualTo("alice");
        assertThat(record.get("payload").get("new_primary_key_id").asLong()).isEqualTo(second);
    }

    @Test
    void rotate_onABackendThatDoesNotEncrypt_needsAKeyset() {
        Cli.Result r = Cli.run("keys", "rotate", "--data-dir", home.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("custody: backend file does not encrypt with a keyset; name one with --keyset");
        Cli.Result bad = Cli.run("keys", "rotate", "--data-dir", home.toString(), "--keyset", "../etc");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--keyset: keyset name must match");
    }

    private static JsonNode keyset(JsonNode status, String name) {
        for (JsonNode k : status.get("keysets")) {
            if (k.get("name").asText().equals(name)) {
                return k;
            }
        }
        throw new AssertionError("no keyset " + name + " in " + status);
    }
}
