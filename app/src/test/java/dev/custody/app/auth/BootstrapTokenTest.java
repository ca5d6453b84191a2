package dev.custody.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Assumptions;
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

    @Test
    void aPlantedTokenFileOthersCanRead_isRefusedAtStartup_namingThePathAndWhy() throws Exception {
        Path file = home.resolve("bootstrap-admin.token");
        String chosen = "chosen-by-someone-else-0123456789abcdefghij";
        Files.writeString(file, chosen + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> start(Map.of()).close()).satisfies(e -> assertThat(root(e).getMessage())
                .isEqualTo("The bootstrap admin token file " + file + " can be used by group or others (mode rw-r--r--); it "
                        + "must be owner-only (chmod 600); refusing to trust it as an admin credential. Delete it (a new one "
                        + "is created at the next start) or configure custody.security.api-keys"));
        assertThat(Files.readString(file).trim()).as("left as found").isEqualTo(chosen);
    }

    @Test
    void aPlantedTokenFileOwnedByAnotherUser_isRefusedAtStartup() throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(home, "unix:uid")),
                "only root can give a file to another user (PrivateFilesTest covers the check itself)");
        Path file = home.resolve("bootstrap-admin.token");
        Files.writeString(file, "chosen-by-someone-else-0123456789abcdefghij\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", 4242);
        assertThatThrownBy(() -> start(Map.of()).close()).satisfies(e -> assertThat(root(e).getMessage())
                .startsWith("The bootstrap admin token file " + file + " is owned by")
                .contains("(uid 4242), not by the user this service runs as (uid 0); refusing to trust it"));
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static final class HexSha {
        static String of(String token) {
            return java.util.HexFormat.of().formatHex(ApiKeys.sha256(token));
        }
    }
}
