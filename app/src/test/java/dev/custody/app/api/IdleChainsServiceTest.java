package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.plugins.PluginJars;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service releases the state of idle chains ({@code custody.chains.idle-timeout}, ADR 0127) and rebuilds it. */
class IdleChainsServiceTest {

    @TempDir
    Path home;

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Map<String, Object> props(boolean sink) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("custody.chains.idle-timeout", "1s");
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        if (sink) {
            Path plugins = Files.createDirectories(home.resolve("plugins"));
            Files.move(PluginJars.build(home, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
            Map<String, Object> s = new HashMap<>();
            s.put("name", "lines");
            s.put("type", "acme-lines");
            s.put("properties", Map.of("path", home.resolve("delivered.ndjson").toString()));
            s.put("batch", Map.of("linger", "10ms"));
            s.put("poll-interval", "100ms");
            props.put("custody.sinks", List.of(s));
        }
        return props;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * 40 tenants written (and read, so that their access chains are written too), then idle for the timeout: the
     * appender holds none of them; the next append of each continues its chain, and every chain verifies.
     */
    @Test
    void idleChainsAreReleased_andTheirNextAppendsContinueTheirChains() throws Exception {
        try (TestServer api = TestServer.start(home, props(false))) {
            for (int t = 0; t < 40; t++) {
                Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "t" + t, "first"));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                assertThat(api.get("/v1/audit/events?namespace=billing&tenant=t" + t, ADMIN).status()).isEqualTo(200);
            }
            assertThat(api.runtime().appender().heldChains()).as("the last chains written").isPositive();
            await("every chain released", () -> api.runtime().appender().heldChains() == 0);

            for (int t = 0; t < 40; t += 3) {
                Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "t" + t, "second"));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                assertThat(r.body()).contains("\"seq\":2");
            }
            api.assertChainsVerify();
        }
    }

    /**
     * With a sink: the cursor's log of advances is merged into its snapshot once no advance came for the timeout, and
     * records appended after that are delivered once each, from where the cursor was.
     */
    @Test
    void anIdleSinkCursorIsMergedIntoItsSnapshot_andDeliveryGoesOnWithoutDuplicates() throws Exception {
        Path out = home.resolve("delivered.ndjson");
        Path log = home.resolve("sinks/lines/cursor.log");
        try (TestServer api = TestServer.start(home, props(true))) {
            for (int t = 0; t < 20; t++) {
                assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "t" + t, "first")).status()).isEqualTo(201);
            }
            await("20 delivered", () -> lines(out).size() == 20);
            await("the cursor log merged", () -> lines(log).isEmpty()
                    && lines(home.resolve("sinks/lines/cursor")).size() == 21);
            for (int t = 0; t < 20; t += 2) {
                assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "t" + t, "second")).status()).isEqualTo(201);
            }
            await("30 delivered", () -> lines(out).size() == 30);
            Thread.sleep(500);   // a redelivery would come now
            List<String> delivered = lines(out);
            assertThat(delivered).hasSize(30).doesNotHaveDuplicates();
            List<String> second = new ArrayList<>();
            for (String line : delivered) {
                if (line.contains("\"action\":\"second\"")) {
                    assertThat(line).contains("\"seq\":2");
                    second.add(line);
                }
            }
            assertThat(second).hasSize(10);
        }
    }

    @Test
    void anIdleTimeoutOutOfRangeStopsStartup_namingTheKey() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("custody.home", home.toString(),
                "custody.chains.idle-timeout", "0s")))
                .rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.chains.idle-timeout=0s: must be from 1s to 86400s");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("custody.home", home.toString(),
                "custody.chains.idle-timeout", "soon")))
                .rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for custody.chains.idle-timeout=soon: must be a duration");
    }
}
