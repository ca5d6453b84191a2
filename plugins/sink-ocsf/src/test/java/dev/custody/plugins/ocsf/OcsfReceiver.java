package dev.custody.plugins.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.custody.plugins.ocsf.schema.OcsfSchema;
import dev.custody.plugins.ocsf.schema.OcsfValidator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback that takes what the ocsf sink POSTs as a SIEM would, and validates every event
 * against the OCSF 1.1.0 schema: an event with any violation is an error the tests see (so every test that
 * delivers through it checks the schema). It keeps each request's headers, and checks the bearer token when
 * one is set. Restartable on the same port.
 */
final class OcsfReceiver implements AutoCloseable {

    static final OcsfValidator VALIDATOR = new OcsfValidator(OcsfSchema.v110());

    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    final AtomicInteger refuse = new AtomicInteger();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String token;
    private final int port;
    private HttpServer server;

    OcsfReceiver(String token) throws IOException {
        this.token = token;
        server = listen(0);
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/ocsf";
    }

    private HttpServer listen(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 0);
        s.createContext("/ocsf", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange x) throws IOException {
        headers.add(Map.copyOf(x.getRequestHeaders()));
        int status;
        try {
            if (token != null && !("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
            } else if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                JsonNode body = mapper.readTree(x.getRequestBody());
                if (!body.isArray()) {
                    errors.add("not a JSON array: " + body);
                }
                for (JsonNode e : body) {
                    OcsfValidator.Result r = VALIDATOR.validate(e);
                    if (!r.valid()) {
                        errors.add("event " + e.path("metadata").path("uid").asText() + " violates OCSF 1.1.0: " + r.violations());
                    }
                    events.add(e);
                }
                status = body.isArray() ? 202 : 400;
            }
        } catch (IOException | RuntimeException e) {
            errors.add(e.toString());
            status = 400;
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    /** The ids of the events received, in order; fails the test if any event was invalid. */
    List<String> ids() {
        assertValid();
        return events.stream().map(e -> e.get("metadata").get("uid").asText()).toList();
    }

    void assertValid() {
        if (!errors.isEmpty()) {
            throw new AssertionError("the receiver refused what it got: " + errors);
        }
    }

    synchronized void stop() {
        server.stop(0);
    }

    synchronized void start() throws IOException {
        server = listen(port);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
