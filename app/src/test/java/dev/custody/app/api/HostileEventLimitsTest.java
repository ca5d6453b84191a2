package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import org.slf4j.LoggerFactory;

/**
 * Hostile events at and beyond every ingest limit, on every backend, through the HTTP API of the real service
 * (issue points 1 and 6's acceptance): member names, strings, number literals, nesting, record size and member
 * count, single events and all-or-nothing batches. For each generated event: accepted ⇒ query, by-id, verify and
 * export read it, and after a restart of the service on the same store the chain still verifies and takes appends;
 * rejected ⇒ 4xx problem+json and nothing stored (the chain's tip does not move).
 *
 * <p>The limits are set above Jackson's default reader limits where it matters (member names of 60,000 chars
 * against Jackson's 50,000, nesting 40 against the request parser's former 40), so an accepted event that a
 * reader could not read fails here. The backends: {@code file}, {@code encrypted-file}, {@code postgres} on a fresh
 * database, and {@code file} with the {@code redis} hot tier in compliance mode {@code none} (async ingest: the event
 * waits in Redis and is read back from there before it is stored). Each runs {@value #TRIES} tries (Redis
 * {@value #TRIES_ASYNC}), shrinking off: every accepted try restarts the service, about 20 to 40 s per backend.
 */
class HostileEventLimitsTest {

    static final int RECORD_BYTES = 200_000;
    static final int DEPTH = 40;
    static final int NAME_CHARS = 60_000;
    static final int STRING_CHARS = 100_000;
    static final int NUMBER_CHARS = 100;
    static final int TRIES = 8;
    /** Fewer on Redis: after a restart the new promoter waits for the old one's lease (10 s) to lapse. */
    static final int TRIES_ASYNC = 5;

    private static final ChainId CHAIN = ChainId.of("billing", "limits");
    private static final String EVENTS = "/v1/audit/events";
    private static final Map<String, Backend> RUNNING = new HashMap<>();
    private static final AtomicInteger ACCEPTED = new AtomicInteger();
    private static final AtomicInteger REJECTED = new AtomicInteger();

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void file(@ForAll("hostileEvents") Hostile event) {
        check(backend("file"), event);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void encryptedFile(@ForAll("hostileEvents") Hostile event) {
        check(backend("encrypted-file"), event);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void postgres(@ForAll("hostileEvents") Hostile event) {
        check(backend("postgres"), event);
    }

    @Property(tries = TRIES_ASYNC, shrinking = ShrinkingMode.OFF)
    void fileWithRedisHotTierAndAsyncIngest(@ForAll("hostileEvents") Hostile event) {
        check(backend("redis"), event);
    }

    @AfterProperty
    void stopTheService() {
        RUNNING.values().forEach(Backend::close);
        RUNNING.clear();
    }

    @AfterContainer
    static void report() {
        LoggerFactory.getLogger(HostileEventLimitsTest.class).info("{} hostile events accepted and read back, {} rejected",
                ACCEPTED.get(), REJECTED.get());
    }

    // ---- the property ----------------------------------------------------------------------------------------

    private static void check(Backend b, Hostile event) {
        long before = b.awaitTip(b.expected);
        assertThat(before).as("nothing but accepted events was stored").isEqualTo(b.expected);
        Resp r = b.api.post(EVENTS, ADMIN, event.body());
        if (r.status() == 201 || r.status() == 202) {
            ACCEPTED.incrementAndGet();
            List<String> ids = ids(r);
            b.expected = before + ids.size();
            assertReadable(b, event, ids);
            b.restart();
            assertReadable(b, event, ids);
            Resp more = b.api.post(EVENTS, ADMIN, TestServer.event(CHAIN.namespace(), CHAIN.tenant(), "after-restart"));
            assertThat(more.status()).as("appends continue after the restart: %s", more.body()).isIn(201, 202);
            b.expected++;
            assertThat(b.awaitTip(b.expected)).isEqualTo(b.expected);
            assertVerifies(b, b.expected);
        } else {
            REJECTED.incrementAndGet();
            assertThat(r.status()).as("%s: %s", event.label(), r.body()).isBetween(400, 499);
            assertThat(r.contentType()).startsWith("application/problem+json");
            Map<?, ?> problem = (Map<?, ?>) Json.parse(r.body());
            assertThat(problem.get("code")).as(r.body()).isIn("INVALID_EVENT", "INVALID_JSON", "PAYLOAD_TOO_LARGE");
            assertThat(r.body()).doesNotContain("\tat ", "Exception").hasSizeLessThan(4_000);
            assertThat(b.awaitTip(before)).as("%s: nothing stored", event.label()).isEqualTo(before);
        }
    }

    private static void assertReadable(Backend b, Hostile event, List<String> ids) {
        assertThat(b.awaitTip(b.expected)).as("%s: stored", event.label()).isEqualTo(b.expected);
        Resp query = b.api.get(EVENTS + "?namespace=billing&tenant=limits&action=" + event.action() + "&limit=10", ADMIN);
        assertThat(query.status()).as("%s: query: %s", event.label(), head(query.body())).isEqualTo(200);
        for (String id : ids) {
            assertThat(query.body()).as("%s: query", event.label()).contains(id);
            Resp byId = b.api.get(EVENTS + "/" + id, ADMIN);
            assertThat(byId.status()).as("%s: by id: %s", event.label(), head(byId.body())).isEqualTo(200);
        }
        assertVerifies(b, b.expected);
    }

    private static void assertVerifies(Backend b, long records) {
        Resp verify = b.api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"limits\"}");
        assertThat(verify.body()).startsWith("{\"valid\":true,\"records_checked\":" + records + ",");
        Resp export = b.api.get("/v1/audit/export?namespace=billing&tenant=limits", ADMIN);
        assertThat(export.status()).as(head(export.body())).isEqualTo(200);
        List<String> lines = Arrays.asList(export.body().split("\n"));
        assertThat(lines).hasSize((int) records);
        Verification offline = new ChainVerifier().verifyExport(lines.iterator());
        assertThat(offline.valid()).as(offline.reason()).isTrue();
    }

    private static List<String> ids(Resp r) {
        Map<?, ?> body = (Map<?, ?>) Json.parse(r.body());
        List<?> records = (List<?>) (r.status() == 201 ? body.get("records") : body.get("accepted"));
        return records.stream().map(m -> (String) ((Map<?, ?>) m).get("id")).toList();
    }

    private static String head(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }

    // ---- generated events ------------------------------------------------------------------------------------

    /** One request body; {@code action} is unique to it, so a query finds exactly its records. */
    record Hostile(String label, String action, String body) {
        @Override
        public String toString() {
            return label + " (" + body.length() + " chars)";
        }
    }

    private static final AtomicInteger SERIAL = new AtomicInteger();

    @Provide
    Arbitrary<Hostile> hostileEvents() {
        return Arbitraries.oneOf(names(), strings(), numbers(), nesting(), recordSize(), members(), batches());
    }

    /** At the limit, just below or above it, or far beyond: about half accepted. */
    private static Arbitrary<Integer> around(int limit) {
        return Arbitraries.oneOf(Arbitraries.of(limit, limit - 1, limit + 1),
                Arbitraries.integers().between(Math.max(1, limit - limit / 4), limit),
                Arbitraries.integers().between(limit + 1, limit * 2));
    }

    /** {@code chars} UTF-16 chars once parsed, written in a request as {@code json} (without quotes). */
    record Text(int chars, String unit, String json) {
    }

    /** One character repeated: plain, two, three or four UTF-8 bytes, or escaped in the request. */
    private static Arbitrary<Text> text(Arbitrary<Integer> length) {
        return Combinators.combine(length, Arbitraries.of("k", "é", "✓", "\\\"", "\\u0001", "𝄞"))
                .as((n, c) -> c.equals("𝄞") ? new Text(n / 2 * 2, c, c.repeat(n / 2)) : new Text(n, c, c.repeat(n)));
    }

    private static Arbitrary<Hostile> names() {
        return text(Arbitraries.oneOf(around(NAME_CHARS), Arbitraries.just(50_001)))
                .map(t -> event("member name of " + t.chars() + " chars of " + t.unit(), "{\"" + t.json() + "\":1}"));
    }

    private static Arbitrary<Hostile> strings() {
        return text(around(STRING_CHARS))
                .map(t -> event("string of " + t.chars() + " chars of " + t.unit(), "{\"s\":\"" + t.json() + "\"}"));
    }

    private static Arbitrary<Hostile> numbers() {
        return Combinators.combine(around(NUMBER_CHARS), Arbitraries.integers().between(0, 2)).as((n, form) -> {
            String literal = switch (form) {
                case 0 -> "1." + "0".repeat(Math.max(1, n - 2));
                case 1 -> "-0." + "0".repeat(Math.max(0, n - 4)) + "5";
                default -> "12" + "0".repeat(Math.max(0, n - 6)) + "e-" + Math.max(0, n - 6);
            };
            return event("number literal of " + literal.length() + " chars", "{\"n\":" + literal + "}");
        });
    }

    private static Arbitrary<Hostile> nesting() {
        return Combinators.combine(around(DEPTH), Arbitraries.of(true, false)).as((depth, arrays) -> {
            int inner = Math.max(0, depth - 2);
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            return event("record nested " + depth + " levels (" + (arrays ? "arrays" : "objects") + ")",
                    "{\"d\":" + open.repeat(Math.max(0, inner - 1)) + (inner == 0 ? "1" : "[1]") + close.repeat(Math.max(0, inner - 1)) + "}");
        });
    }

    private static Arbitrary<Hostile> recordSize() {
        return around(RECORD_BYTES - 600).map(n -> event("record of about " + (n + 600) + " bytes",
                "{\"a\":\"" + "a".repeat(n / 2) + "\",\"b\":\"" + "b".repeat(n - n / 2) + "\"}"));
    }

    private static Arbitrary<Hostile> members() {
        return around(RECORD_BYTES / 11).map(count -> {
            StringBuilder p = new StringBuilder("{");
            for (int i = 0; i < count; i++) {
                p.append(i == 0 ? "\"" : ",\"").append(i).append("\":0");
            }
            return event(count + " members", p.append('}').toString());
        });
    }

    private static Arbitrary<Hostile> batches() {
        return Arbitraries.oneOf(names(), strings(), numbers(), nesting(), members()).map(hostile -> {
            String action = "try-" + SERIAL.incrementAndGet();
            String plain = PoisonedRecordTest.withPayload("limits", "{\"ok\":true}").replace("\"action\":\"x\"", "\"action\":\"" + action + "\"");
            String second = hostile.body().replace("\"action\":\"" + hostile.action() + "\"", "\"action\":\"" + action + "\"");
            return new Hostile("batch of a plain event and a " + hostile.label(), action, "{\"events\":[" + plain + "," + second + "]}");
        });
    }

    private static Hostile event(String label, String payload) {
        String action = "try-" + SERIAL.incrementAndGet();
        return new Hostile(label, action, PoisonedRecordTest.withPayload("limits", payload)
                .replace("\"action\":\"x\"", "\"action\":\"" + action + "\""));
    }

    // ---- the backends ----------------------------------------------------------------------------------------

    private static Backend backend(String name) {
        return RUNNING.computeIfAbsent(name, Backend::start);
    }

    /** One backend under the real service, with its store (directory, database, Redis prefix) kept across restarts. */
    static final class Backend implements AutoCloseable {
        final Path home;
        final Map<String, Object> props = new HashMap<>();
        PostgresTestDatabase db;
        TestRedis redis;
        TestServer api;
        long expected;

        private Backend(Path home) {
            this.home = home;
        }

        static Backend start(String name) {
            Backend b;
            try {
                b = new Backend(Files.createTempDirectory("custody-limits-" + name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> p = b.props;
            p.put("custody.limits.max-event-bytes", String.valueOf(RECORD_BYTES));
            p.put("custody.limits.max-depth", String.valueOf(DEPTH));
            p.put("custody.limits.max-name-chars", String.valueOf(NAME_CHARS));
            p.put("custody.limits.max-string-chars", String.valueOf(STRING_CHARS));
            p.put("custody.limits.max-number-chars", String.valueOf(NUMBER_CHARS));
            p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            switch (name) {
                case "postgres" -> {
                    b.db = PostgresTestDatabase.create("custody_limits");
                    p.put("custody.storage.primary.backend", "postgres");
                    p.put("custody.storage.primary.properties.url", b.db.url);
                    p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
                    p.put("custody.storage.primary.properties.migrate", "true");
                }
                case "redis" -> {
                    b.redis = new TestRedis();
                    p.put("custody.storage.primary.backend", "file");
                    p.put("custody.compliance.mode", "none");
                    p.put("custody.storage.hot.provider", "redis");
                    p.put("custody.storage.hot.uri", b.redis.uri());
                    p.put("custody.storage.hot.key-prefix", b.redis.prefix);
                }
                default -> p.put("custody.storage.primary.backend", name);
            }
            b.api = TestServer.start(b.home, p);
            if (name.equals("redis")) {
                assertThat(b.api.runtime().asyncIngest()).as("events wait in Redis before they are stored").isTrue();
            }
            return b;
        }

        void restart() {
            api.close();
            api = TestServer.start(home, props);
        }

        /** The chain's tip once it reaches {@code seq} (async ingest promotes in the background), or after 15 s. */
        long awaitTip(long seq) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            long tip = api.runtime().store().tip(CHAIN).seq();
            while (tip < seq && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                tip = api.runtime().store().tip(CHAIN).seq();
            }
            return tip;
        }

        @Override
        public void close() {
            try {
                api.close();
            } finally {
                if (db != null) {
                    db.close();
                }
                if (redis != null) {
                    redis.close();
                }
                try (Stream<Path> files = Files.walk(home)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
