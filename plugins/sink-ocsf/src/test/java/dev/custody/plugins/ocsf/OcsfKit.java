package dev.custody.plugins.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver for the kit's sink contracts: parses the OCSF array, restartable on the same port. */
final class OcsfKit implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private final int port;

    OcsfKit() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 0);
        s.createContext("/ocsf", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            JsonNode body = mapper.readTree(x.getRequestBody());
            for (JsonNode e : body) {
                if (e.get("class_uid") == null || e.get("type_uid") == null) {
                    errors.add("not OCSF: " + e);
                }
                ids.add(e.get("metadata").get("uid").asText());
            }
            x.sendResponseHeaders(200, -1);
        } catch (IOException | RuntimeException e) {
            errors.add(e.toString());
            x.sendResponseHeaders(400, -1);
        }
        x.close();
    }

    AuditSink sink(Path home) {
        return new OcsfWebhookSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.",
                Map.of("url", "http://127.0.0.1:" + port + "/ocsf", "timeout", "2s")), ProviderContext.of(home));
    }

    List<String> ids() {
        if (!errors.isEmpty()) {
            throw new AssertionError("receiver errors: " + errors);
        }
        return List.copyOf(ids);
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
