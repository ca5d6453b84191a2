package dev.custody.plugins.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on loopback speaking the HEC endpoints: {@code /services/collector/event} (token
 * check, channel required when acks are on, concatenated JSON events parsed with Jackson) and
 * {@code /services/collector/ack} (acks become true after {@code pollsUntilIndexed} queries). Events
 * count as indexed only once acknowledged; failures can be injected.
 */
final class HecReceiver implements AutoCloseable {

    static final String TOKEN = "11111111-2222-3333-4444-555555555555";

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<JsonNode> indexed = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseNext = new AtomicInteger();
    volatile boolean ackEnabled;
    volatile boolean loseAcks;
    volatile int pollsUntilIndexed = 1;
    private final AtomicLong nextAckId = new AtomicLong();
    private final Map<Long, List<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;

    HecReceiver() throws IOException {
        this(0);
    }

    HecReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/services/collector/event", this::event);
        server.createContext("/services/collector/ack", this::ack);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private boolean authorized(HttpExchange x) throws IOException {
        headers.add(Map.copyOf(x.getRequestHeaders()));
        if (!("Splunk " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            reply(x, 403, "{\"text\":\"Invalid token\",\"code\":4}");
            return false;
        }
        if (ackEnabled && x.getRequestHeaders().getFirst("X-Splunk-Request-Channel") == null) {
            reply(x, 400, "{\"text\":\"Data channel is missing\",\"code\":10}");
            return false;
        }
        return true;
    }

    private void event(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(x, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return;
        }
        List<JsonNode> events = new ArrayList<>();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(x.getRequestBody())) {
            while (it.hasNext()) {
                events.add(it.next());
            }
        } catch (IOException e) {
            errors.add("unparsable events: " + e.getMessage());
            reply(x, 400, "{\"text\":\"Invalid data format\",\"code\":6}");
            return;
        }
        received.addAll(events);
        if (!ackEnabled) {
            indexed.addAll(events);
            reply(x, 200, "{\"text\":\"Success\",\"code\":0}");
            return;
        }
        long id = nextAckId.getAndIncrement();
        pending.put(id, events);
        polls.put(id, new AtomicInteger());
        reply(x, 200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + id + "}");
    }

    private void ack(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        String channel = x.getRequestURI().getQuery();
        if (channel == null || !channel.startsWith("channel=")) {
            errors.add("ack without channel query parameter");
        }
        JsonNode body = mapper.readTree(x.getRequestBody());
        StringBuilder out = new StringBuilder("{\"acks\":{");
        boolean first = true;
        for (JsonNode n : body.get("acks")) {
            long id = n.asLong();
            boolean done = !loseAcks && pending.containsKey(id) && polls.get(id).incrementAndGet() >= pollsUntilIndexed;
            if (done) {
                indexed.addAll(pending.remove(id));
            }
            out.append(first ? "" : ",").append('"').append(id).append("\":").append(done);
            first = false;
        }
        reply(x, 200, out.append("}}").toString());
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
