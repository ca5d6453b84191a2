package dev.custody.app.api;

import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.json.Json;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which management endpoints answer whom: every endpoint Micronaut routes plus the well-known ids, asked by an
 * anonymous caller, by keys of every role scoped to one tenant (admin included), by a metrics key and by an admin
 * key scoped to every chain. Only {@code /health} (status only; details for the admin key scoped to every chain)
 * and {@code /prometheus} (metrics keys, that admin key) answer.
 */
class ManagementEndpointsTest {

    static final String ADMIN = "m-admin";
    static final String METRICS = "m-metrics";
    /** A key of every role scoped to one tenant, by role; the metrics role is not about tenants. */
    static final Map<String, String> TENANT_KEYS = Map.of("writer", "m-writer-acme", "reader", "m-reader-acme",
            "auditor", "m-auditor-acme", "admin", "m-admin-acme", "metrics", "m-metrics-acme");
    /** Ids Micronaut's management module and its usual add-ons know, enabled or not. */
    static final List<String> WELL_KNOWN = List.of("/beans", "/routes", "/threaddump", "/metrics", "/metrics/jvm.memory.used",
            "/info", "/liquibase", "/refresh", "/loggers", "/loggers/ROOT", "/env", "/env/custody", "/caches", "/stop",
            "/flyway", "/health", "/health/liveness", "/health/readiness", "/prometheus");

    @TempDir
    static Path home;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(home, Map.of("custody.security.api-keys", keys()));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static List<Map<String, Object>> keys() {
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(key("admin", ADMIN, "admin", "*/*"));
        keys.add(key("metrics", METRICS, "metrics", "*/*"));
        TENANT_KEYS.forEach((role, token) -> keys.add(key(role + "-acme", token, role, "billing/acme")));
        return keys;
    }

    /** Anonymous (null), every tenant-scoped key, the metrics key, the admin key. */
    static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        TENANT_KEYS.forEach((role, token) -> callers.put(role + "-acme", token));
        callers.put("metrics", METRICS);
        callers.put("admin", ADMIN);
        return callers;
    }

    @Test
    void micronautRoutesOnlyHealthAndPrometheus() {
        assertThat(managementPaths(api)).containsExactlyInAnyOrder("/health", "/health/{selector}", "/prometheus");
    }

    @Test
    void everyManagementEndpoint_answersOnlyWhomItShould() {
        Set<String> paths = new TreeSet<>(WELL_KNOWN);
        for (String template : managementPaths(api)) {
            paths.add(template.replaceAll("\\{[^}]*}", "liveness"));
        }
        for (String path : paths) {
            callers().forEach((who, token) -> {
                Resp get = api.get(path, token);
                String as = "GET " + path + " by " + who + ": " + get.body();
                if (path.equals("/health") || path.startsWith("/health/")) {
                    assertThat(get.status()).as(as).isEqualTo(200);
                    Set<Object> keys = Set.copyOf(((Map<?, ?>) Json.parse(get.body())).keySet());
                    if (who.equals("admin")) {
                        assertThat(keys).as(as).contains("status", "details");
                    } else {
                        assertThat(keys).as(as).containsOnly("status");
                    }
                } else if (path.equals("/prometheus")) {
                    if (who.startsWith("metrics") || who.equals("admin")) {    // the metrics role is not about tenants
                        assertThat(get.status()).as(as).isEqualTo(200);
                        assertThat(get.body()).as(as).contains("custody_");
                    } else if (token == null) {
                        assertProblem(get, 401, "UNAUTHORIZED", null);
                    } else {
                        assertProblem(get, 403, "FORBIDDEN", null);
                    }
                } else if (token == null) {
                    assertProblem(get, 401, "UNAUTHORIZED", null);
                } else {
                    assertThat(get.status()).as(as).isIn(403, 404);
                    assertThat(get.contentType()).as(as).startsWith("application/problem+json");
                }
            });
        }
    }

    @Test
    void writingManagementEndpoints_neverWork() {
        for (String path : List.of("/refresh", "/stop", "/loggers/ROOT", "/caches", "/env", "/beans", "/health",
                "/prometheus")) {
            callers().forEach((who, token) -> {
                for (String method : List.of("POST", "DELETE", "PUT")) {
                    Resp r = api.send(method, path, token, "application/json", "{\"configuredLevel\":\"TRACE\"}".getBytes());
                    assertThat(r.status()).as(method + " " + path + " by " + who + ": " + r.body()).isBetween(400, 499);
                }
            });
        }
    }

    @Test
    void healthDetails_needAValidAdminKey() {
        Resp anonymous = api.get("/health", null);
        assertThat(anonymous.body()).doesNotContain("systemOfRecord", "diskSpace", "spool", "backend");
        Resp admin = api.get("/health", ADMIN);
        assertThat(admin.body()).contains("systemOfRecord", "\"backend\":\"file\"");
        assertProblem(api.get("/health", "not-a-key"), 401, "UNAUTHORIZED", null);
    }

    @Test
    void onTheManagementPort_healthAndPrometheusAnswerThere_andNothingElse() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>();
        props.put("custody.security.api-keys", keys());
        props.put("endpoints.all.port", port);
        props.put("endpoints.loggers.enabled", true);    // an operator turns one more on: it is for admin keys only
        props.put("endpoints.loggers.sensitive", false);
        try (TestServer main = TestServer.start(home.resolve("port"), props)) {
            TestServer mgmt = main.onPort(port);
            assertThat(mgmt.get("/prometheus", null).status()).as("the port is the boundary").isEqualTo(200);
            assertThat(mgmt.get("/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(mgmt.get("/health", ADMIN).body()).contains("systemOfRecord");
            assertProblem(mgmt.get("/loggers", null), 401, "UNAUTHORIZED", null);
            for (String token : TENANT_KEYS.values()) {
                assertProblem(mgmt.get("/loggers", token), 403, "FORBIDDEN", null);
            }
            assertThat(mgmt.get("/loggers", ADMIN).status()).isEqualTo(200);
            assertThat(mgmt.get("/v1/compliance/status", ADMIN).status()).as("no API on the management port").isEqualTo(404);
            assertThat(mgmt.send("POST", "/refresh", ADMIN, "application/json", "{}".getBytes()).status()).isEqualTo(404);

            assertThat(main.get("/v1/compliance/status", ADMIN).status()).isEqualTo(200);
            for (String path : List.of("/health", "/prometheus", "/loggers", "/beans")) {
                assertThat(main.get(path, ADMIN).status()).as(path + " on the API port").isEqualTo(404);
            }
        }
    }

    /** The path templates of the routes that lead to an {@code @Endpoint} bean's method. */
    static Set<String> managementPaths(TestServer server) {
        var ctx = server.server.getApplicationContext();
        Set<String> paths = new TreeSet<>();
        ctx.getBean(Router.class).uriRoutes().forEach((UriRouteInfo<?, ?> route) -> {
            if (ctx.findBeanDefinition(route.getTargetMethod().getDeclaringType())
                    .flatMap(d -> d.stringValue(Endpoint.class)).isPresent()) {
                paths.add(route.getUriMatchTemplate().toString());
            }
        });
        return paths;
    }
}
