package dev.custody.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTokenTest {

    @TempDir
    Path home;

    private EmbeddedServer start(Map<String, Object> extra, String... envs) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("custody.home", home.toString());
        props.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, props, envs);
    }

    private static int status(EmbeddedServer server, String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void withoutKeys_createsAnOwnerOnlyAdminToken_andReusesItOnRestart() throws Exception {
        Path file = home.resolve("bootstrap-admin.token");
        String token;
        try (EmbeddedServer server = start(Map.of())) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            token = Files.readString(file).trim();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(status(server, token, "/v1/audit/export?namespace=any&tenant=chain")).isEqualTo(200);
            assertThat(status(server, token, "/v1/compliance/status")).isEqualTo(200);
            assertThat(status(server, token + "x", "/v1/compliance/status")).isEqualTo(401);
        }
        try (EmbeddedServer server = start(Map.of())) {
            assertThat(Files.readString(file).trim()).isEqualTo(token);
            assertThat(status(server, token, "/v1/compliance/status")).isEqualTo(200);
        }
    }

    @Test
    void withConfiguredKeys_noTokenFile_andAWriterCannotExport() throws Exception {
        String sha = HexSha.of("writer-token");
        Map<String, Object> keys = Map.of("custody.security.api-keys", List.of(Map.of("name", "w", "token-sha256", sha,
                "roles", List.of("writer"), "tenants", List.of("*/*"))));
        try (EmbeddedServer server = start(keys)) {
            assertThat(home.resolve("bootstrap-admin.token")).doesNotExist();
            assertThat(status(server, "writer-token", "/v1/audit/export?namespace=a&tenant=b")).isEqualTo(403);
            assertThat(status(server, "writer-token", "/v1/compliance/status")).isEqualTo(200);
        }
    }

    @Test
    void cliEnvironment_neverCreatesAToken() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("custody.home", home.toString()), "cli")) {
            assertThat(ctx.containsBean(ApiKeys.class)).isFalse();
            assertThat(home.resolve("bootstrap-admin.token")).doesNotExist();
        }
    }

    static final class HexSha {
        static String of(String token) {
            return java.util.HexFormat.of().formatHex(ApiKeys.sha256(token));
        }
    }
}
