package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.fault.RawHttp;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests whose body length two HTTP parsers could read differently (request smuggling through a proxy): a
 * {@code Transfer-Encoding} together with a {@code Content-Length}, or a transfer coding other than
 * {@code chunked}. Each is refused with 400 and the connection is closed; nothing is stored.
 */
class RequestFramingTest {

    static final ChainId CHAIN = ChainId.of("billing", "frames");
    static final String EVENT = event("billing", "frames", "smuggled");

    @TempDir
    static Path home;
    static TestServer api;
    static ChainTip before;

    @BeforeAll
    static void start() {
        api = TestServer.withKeys(home);
        assertThat(api.post("/v1/audit/events", WRITER, event("billing", "frames", "seed")).status()).isEqualTo(201);
        before = api.runtime().store().tip(CHAIN);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @AfterEach
    void nothingStored() {
        assertThat(api.runtime().store().tip(CHAIN)).isEqualTo(before);
    }

    private static RawHttp connect() throws IOException {
        return new RawHttp(URI.create(api.server.getURL().toString()), 10_000);
    }

    private static String head(String framing) {
        return "POST /v1/audit/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + WRITER
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
    }

    private static String chunked(String body) {
        int n = body.getBytes(StandardCharsets.UTF_8).length;
        return Integer.toHexString(n) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    /** A 400 problem naming the header, then the connection closed. */
    private static void assertRefused(RawHttp c, RawHttp.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        Map<?, ?> p = (Map<?, ?>) Json.parse(r.text());
        assertThat(p.get("code")).isEqualTo("INVALID_PARAMETER");
        assertThat(p.get("field")).isEqualTo("Transfer-Encoding");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
        assertThatThrownBy(() -> c.get("/v1/compliance/status", "Bearer " + ADMIN)).as("the connection is closed")
                .isInstanceOf(IOException.class);
    }

    @Test
    void chunkedWithContentLength_isRefused() throws IOException {
        String body = chunked(EVENT);
        try (RawHttp c = connect()) {
            assertRefused(c, c.sendRaw(head("Transfer-Encoding: chunked\r\nContent-Length: " + body.length() + "\r\n") + body));
        }
        // the classic front-end/back-end disagreement: a proxy reading Content-Length forwards a second request
        String smuggled = "0\r\n\r\nPOST /v1/audit/events HTTP/1.1\r\nHost: x\r\nContent-Length: " + EVENT.length()
                + "\r\n\r\n" + EVENT;
        try (RawHttp c = connect()) {
            assertRefused(c, c.sendRaw(head("Content-Length: " + smuggled.length() + "\r\nTransfer-Encoding: chunked\r\n")
                    + smuggled));
        }
    }

    @Test
    void unknownTransferCodingWithContentLength_isRefused() throws IOException {
        for (String coding : new String[] {"gzip", "xchunked", "chunked, identity", "identity", "chunked;x=1"}) {
            try (RawHttp c = connect()) {
                assertRefused(c, c.sendRaw(head("Transfer-Encoding: " + coding + "\r\nContent-Length: " + EVENT.length()
                        + "\r\n") + EVENT));
            }
        }
    }

    @Test
    void transferCodingOtherThanChunked_isRefused() throws IOException {
        try (RawHttp c = connect()) {
            assertRefused(c, c.sendRaw(head("Transfer-Encoding: gzip, chunked\r\n") + chunked(EVENT)));
        }
        try (RawHttp c = connect()) {
            assertRefused(c, c.sendRaw(head("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") + chunked(EVENT)));
        }
    }

    @Test
    void plainChunkedAndPlainContentLength_stillWork() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Response chunked = c.sendRaw(head("Transfer-Encoding: chunked\r\n")
                    + chunked(event("billing", "framing-ok", "chunked")));
            assertThat(chunked.status()).as(chunked.text()).isEqualTo(201);
            RawHttp.Response sized = c.postJson("/v1/audit/events", "Bearer " + WRITER,
                    event("billing", "framing-ok", "sized").getBytes(StandardCharsets.UTF_8));
            assertThat(sized.status()).as(sized.text()).isEqualTo(201);
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(api.runtime().store().tip(ChainId.of("billing", "framing-ok")).seq()).isEqualTo(2);
    }
}
