package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * Generated malformed and adversarial requests against the running service: every one gets a 4xx
 * {@code application/problem+json} answer, the service stays healthy, every chain still verifies and the
 * tips of the seeded chains never move.
 */
class HostileInputProperties {

    private static final String EVENTS = "/v1/audit/events";
    private static final List<ChainId> SEEDED = List.of(ChainId.of("billing", "acme"), ChainId.of("ops", "globex"));
    private static final AtomicInteger CASES = new AtomicInteger();

    static Path home;
    static TestServer api;
    static Map<ChainId, ChainTip> tips;

    @BeforeContainer
    static void start() throws IOException {
        home = Files.createTempDirectory("custody-fuzz");
        api = TestServer.start(home, Map.of("custody.security.api-keys",
                List.of(TestServer.key("admin", ADMIN, "admin", "*/*"))));
        tips = new LinkedHashMap<>();
        for (ChainId c : SEEDED) {
            for (int i = 0; i < 3; i++) {
                assertThat(api.post(EVENTS, ADMIN, event(c.namespace(), c.tenant(), "seed")).status()).isEqualTo(201);
            }
            tips.put(c, api.runtime().store().tip(c));
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        LoggerFactory.getLogger(HostileInputProperties.class).info("{} generated hostile requests, each answered 4xx problem+json",
                CASES.get());
        api.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterProperty
    void healthyAndNothingChanged() {
        Resp health = api.get("/health", ADMIN);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        tips.forEach((c, tip) -> assertThat(api.runtime().store().tip(c)).as("tip of %s", c).isEqualTo(tip));
        assertThat(api.runtime().store().chains()).containsExactlyInAnyOrderElementsOf(SEEDED);
        api.assertChainsVerify();
    }

    /** A 4xx problem+json, and the seeded tips unchanged. */
    private static void assertRejected(Resp r) {
        CASES.incrementAndGet();
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        Map<?, ?> p = (Map<?, ?>) Json.parse(r.body());
        assertThat(p.get("code")).isNotNull();
        assertThat(p.get("status")).isEqualTo((long) r.status());
        assertThat(r.body()).doesNotContain("\tat ", "Exception");
    }

    private static String validEvent(String tenant) {
        return event("billing", tenant, "fuzz");
    }

    // ---- invalid UTF-8 ------------------------------------------------------------------------------------

    @Property(tries = 150)
    void invalidUtf8_isRejected(@ForAll("invalidUtf8") byte[] bad, @ForAll @IntRange(min = 0, max = 2) int where) {
        byte[] valid = validEvent("acme").getBytes(StandardCharsets.UTF_8);
        String marker = switch (where) {
            case 0 -> "loan-engine";
            case 1 -> "income";
            default -> "approved";
        };
        int at = validEvent("acme").indexOf(marker);
        byte[] body = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, body, 0, at);
        System.arraycopy(bad, 0, body, at, bad.length);
        System.arraycopy(valid, at, body, at + bad.length, valid.length - at);
        assertRejected(api.send("POST", EVENTS, ADMIN, "application/json", body));
    }

    @Provide
    Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.oneOf(
                Arbitraries.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                                (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x28, (byte) 0xA1},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arbitraries.bytes().between((byte) 0x80, (byte) 0xBF).array(byte[].class).ofMinSize(1).ofMaxSize(4));
    }

    // ---- deep nesting, huge strings and arrays --------------------------------------------------------------

    @Property(tries = 40)
    void deepNesting_isRejected(@ForAll @IntRange(min = 33, max = 5000) int depth, @ForAll boolean arrays) {
        StringBuilder nest = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            nest.append(arrays ? "[" : "{\"a\":");
        }
        nest.append("1");
        for (int i = 0; i < depth; i++) {
            nest.append(arrays ? "]" : "}");
        }
        assertRejected(api.post(EVENTS, ADMIN, validEvent("acme").replace("{\"score\":712", "{\"deep\":" + nest + ",\"score\":712")));
    }

    @Property(tries = 20)
    void hugeStringsAndArrays_areRejected(@ForAll @IntRange(min = 66_000, max = 3_000_000) int size,
            @ForAll @IntRange(min = 0, max = 3) int shape) {
        String body = switch (shape) {
            case 0 -> validEvent("acme").replace("\"income\"", "\"" + "x".repeat(size) + "\"");
            case 1 -> validEvent("acme").replace("\"loan.approve\"", "\"" + "a".repeat(size) + "\"").replace("\"fuzz\"",
                    "\"" + "a".repeat(size) + "\"");
            case 2 -> validEvent("acme").replace("[\"income\"]", "[" + "1,".repeat(size / 2) + "1]");
            default -> "{\"events\":[" + (validEvent("acme") + ",").repeat(1001) + validEvent("acme") + "]}";
        };
        assertRejected(api.post(EVENTS, ADMIN, body));
    }

    @Property(tries = 3)
    void bodyBeyondTheRequestLimit_isRejected(@ForAll @IntRange(min = 11, max = 14) int megabytes) {
        assertRejected(api.post(EVENTS, ADMIN, validEvent("acme").replace("\"income\"",
                "\"" + "y".repeat(megabytes << 20) + "\"")));
    }

    // ---- names, path traversal, SQL metacharacters ----------------------------------------------------------

    @Provide
    Arbitrary<String> hostileName() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "..", "../etc", "..%2f..%2fetc", "a/b", "a\\b", "/etc/passwd", "Acme", "ACME", "-acme", ".acme",
                        "_acme", "a b", "acme\u0000", "acme\n", "ac\u00e9me", "\u0430cme", "x".repeat(64), "a;DROP TABLE audit_records",
                        "' OR '1'='1", "acme'--", "acme\"", "%00", "acme%", "*", "?", "a*"),
                Arbitraries.strings().withChars("'\";-/\\*%$<>()[]{}|&.` \t").ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().ofMinLength(64).ofMaxLength(200).alpha().map(s -> s.toLowerCase()),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).filter(s -> !ChainId.isValidName(s)));
    }

    @Property(tries = 200)
    void invalidNamesInTheBody_areRejected(@ForAll("hostileName") String name, @ForAll boolean asTenant) {
        String quoted = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(name).length == 0 ? ""
                : new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(name));
        String body = asTenant ? validEvent("acme").replace("\"tenant\":\"acme\"", "\"tenant\":\"" + quoted + "\"")
                : validEvent("acme").replace("\"namespace\":\"billing\"", "\"namespace\":\"" + quoted + "\"");
        assertRejected(api.post(EVENTS, ADMIN, body));
    }

    @Property(tries = 200)
    void invalidNamesAndTraversalInQueriesAndPaths_areRejected(@ForAll("hostileName") String name,
            @ForAll @IntRange(min = 0, max = 4) int endpoint) {
        String enc = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
        Resp r = switch (endpoint) {
            case 0 -> api.get(EVENTS + "?namespace=billing&tenant=" + enc, ADMIN);
            case 1 -> api.get("/v1/audit/export?namespace=" + enc + "&tenant=acme", ADMIN);
            case 2 -> api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":"
                    + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(name)).transform(s -> "\"" + s + "\"") + "}");
            case 3 -> api.get(EVENTS + "/" + enc, ADMIN);
            default -> api.get(EVENTS + "?namespace=billing&tenant=acme&limit=" + enc, ADMIN);
        };
        assertRejected(r);
    }

    @Property(tries = 60)
    void sqlMetacharactersInCursorsAndIds_areRejected(@ForAll("sqlish") String s, @ForAll boolean cursor) {
        String enc = java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
        assertRejected(cursor ? api.get(EVENTS + "?namespace=billing&tenant=acme&cursor=" + enc, ADMIN)
                : api.get(EVENTS + "/0190a5b2-0000-7000-8000-00000000000" + enc, ADMIN));
    }

    @Provide
    Arbitrary<String> sqlish() {
        return Arbitraries.of("' OR 1=1 --", "'; DROP TABLE custody.audit_records; --", "1 UNION SELECT record FROM audit_records",
                "\\'", "%27%20OR%201=1", "$$", "'); SELECT pg_sleep(5); --", "*/", "/*", "\" OR \"\"=\"");
    }

    // ---- numbers, duplicate keys, wrong types, missing fields -----------------------------------------------

    @Property(tries = 80)
    void numbersOutsideIJson_areRejected(@ForAll("nonIJson") String number) {
        assertRejected(api.post(EVENTS, ADMIN, validEvent("acme").replace("\"score\":712", "\"score\":" + number)));
    }

    @Provide
    Arbitrary<String> nonIJson() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(9007199254740993L, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.longs().between(Long.MIN_VALUE, -9007199254740993L).map(String::valueOf),
                Arbitraries.integers().between(309, 100_000).map(e -> "1e" + e),
                Arbitraries.integers().between(309, 100_000).map(e -> "-2.5E+" + e),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "+1", "01", "1.", ".5", "0x10", "1e", "--1", "123456789012345678901234567890"));
    }

    @Property(tries = 60)
    void duplicateKeys_areRejected(@ForAll @IntRange(min = 0, max = 3) int where) {
        String e = validEvent("acme");
        String body = switch (where) {
            case 0 -> e.replace("{\"namespace\":\"billing\"", "{\"namespace\":\"billing\",\"namespace\":\"billing\"");
            case 1 -> e.replace("\"tenant\":\"acme\"", "\"tenant\":\"acme\",\"tenant\":\"globex\"");
            case 2 -> e.replace("{\"score\":712", "{\"score\":712,\"score\":713");
            default -> e.replace("\"actor\":{\"type\":\"service\"", "\"actor\":{\"type\":\"service\",\"type\":\"user\"");
        };
        assertRejected(api.post(EVENTS, ADMIN, body));
    }

    @Property(tries = 120)
    void wrongTypes_areRejected(@ForAll @IntRange(min = 0, max = 9) int field, @ForAll @IntRange(min = 0, max = 5) int pick) {
        String[] fields = {"namespace", "tenant", "kind", "action", "outcome", "subject_id", "occurred_at", "actor", "resource", "payload"};
        String f = fields[field];
        boolean objectField = field >= 7;
        String[] notString = {"5", "-1", "true", "[]", "[\"a\"]", "{}"};
        String[] notObject = {"5", "true", "\"x\"", "[]", "[{}]", "{\"type\":1,\"id\":2}"};
        String value = objectField ? notObject[pick] : notString[pick];
        if (f.equals("payload") && pick == 5) {
            value = "0.5";
        }
        assertRejected(api.post(EVENTS, ADMIN, render(baseEvent(), f, value)));
    }

    @Property(tries = 60)
    void missingFields_areRejected(@ForAll("requiredSubset") List<String> missing) {
        Map<String, Object> e = baseEvent();
        missing.forEach(e::remove);
        assertRejected(api.post(EVENTS, ADMIN, render(e, null, null)));
    }

    @Provide
    Arbitrary<List<String>> requiredSubset() {
        return Arbitraries.of("namespace", "tenant", "kind", "action", "actor", "outcome").list().uniqueElements().ofMinSize(1);
    }

    @Property(tries = 40)
    void wrongShapesOfTheWholeBody_areRejected(@ForAll("wholeBody") String body) {
        assertRejected(api.post(EVENTS, ADMIN, body));
    }

    @Provide
    Arbitrary<String> wholeBody() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "[]", "42", "\"event\"", "{\"events\":{}}", "{\"events\":[]}", "{\"events\":[1]}",
                        "{\"events\":[" + event("billing", "acme", "a") + "],\"x\":1}", "{", "}", "{\"a\":1}{\"b\":2}",
                        "{\"events\":[" + event("billing", "acme", "a") + "," + event("billing", "globex", "b") + "]}"),
                Arbitraries.strings().all().ofMaxLength(60).map(s -> "{" + s));
    }

    // ---- headers with CR/LF, over a raw socket --------------------------------------------------------------

    @Property(tries = 40)
    void headersWithCrOrLf_areRejected(@ForAll("crlfHeader") String header) {
        String body = validEvent("acme");
        String request = "POST " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN
                + "\r\nContent-Type: application/json\r\n" + header + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        RawResponse r = raw(request.getBytes(StandardCharsets.UTF_8));
        CASES.incrementAndGet();
        assertThat(r.status()).as(r.text()).isBetween(400, 499);
        assertThat(r.text()).containsIgnoringCase("content-type: application/problem+json");
    }

    @Provide
    Arbitrary<String> crlfHeader() {
        return Arbitraries.oneOf(
                Arbitraries.of("Idempotency-Key: a\rb", "Idempotency-Key: a\nInjected: 1", "X-Test: a\rContent-Length: 0",
                        "Bad\rName: x", "Bad\nName: x", "Idempotency-Key: \u0000", "Idempotency-Key: a\r\r"),
                Arbitraries.strings().withChars("abc-\r\n").ofMinLength(1).ofMaxLength(10).filter(s -> s.contains("\r") || s.contains("\n"))
                        .map(s -> "Idempotency-Key: k" + s.replace("\r\n", "\r") + "k"));
    }

    record RawResponse(int status, String text) {
    }

    private static RawResponse raw(byte[] request) {
        URI uri = URI.create(api.server.getURL().toString());
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new RawResponse(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException("the server must answer, not drop the connection", e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Map<String, Object> baseEvent() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("namespace", "\"billing\"");
        e.put("tenant", "\"acme\"");
        e.put("kind", "\"decision\"");
        e.put("action", "\"fuzz\"");
        e.put("actor", "{\"type\":\"service\",\"id\":\"x\"}");
        e.put("resource", "{\"type\":\"loan\",\"id\":\"L-1\"}");
        e.put("outcome", "\"approved\"");
        e.put("subject_id", "\"s-1\"");
        e.put("occurred_at", "\"2026-11-23T06:00:00Z\"");
        e.put("payload", "{\"a\":1}");
        return e;
    }

    private static String render(Map<String, Object> e, String field, String value) {
        List<String> parts = new ArrayList<>();
        e.forEach((k, v) -> parts.add("\"" + k + "\":" + (k.equals(field) ? value : v)));
        return "{" + String.join(",", parts) + "}";
    }
}
