package dev.custody.app.cli.bench;

import dev.custody.ports.ChainId;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A running Custody server, or several replicas of one: each append is one {@code POST /v1/audit/events} with
 * {@code {"events":[...]}} and a bearer token, over one keep-alive HTTP/1.1 connection per client thread (client
 * threads are spread over the replicas in turn); only {@code 201} counts as stored. A connection that fails is
 * dropped and the next append opens a new one to the same replica.
 */
final class HttpTarget implements BenchTarget {

    private static final int MAX_ERROR_BODY = 500;

    private final List<URI> endpoints;
    private final java.util.concurrent.atomic.AtomicInteger clients = new java.util.concurrent.atomic.AtomicInteger();
    private final ThreadLocal<URI> endpoint = ThreadLocal.withInitial(this::nextEndpoint);
    private final String authorization;
    private final BenchEventSource events;
    private final ThreadLocal<HttpConnection> connection = new ThreadLocal<>();
    private final Queue<HttpConnection> all = new ConcurrentLinkedQueue<>();

    HttpTarget(List<URI> bases, String token, BenchEventSource events) {
        this.endpoints = bases.stream().map(base -> {
            String b = base.toString();
            return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/audit/events");
        }).toList();
        this.authorization = "Bearer " + token;
        this.events = events;
    }

    private URI nextEndpoint() {
        return endpoints.get(Math.floorMod(clients.getAndIncrement(), endpoints.size()));
    }

    @Override
    public String describe() {
        return "http " + endpoints.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public Failure append(ChainId chain, long first, int count) {
        byte[] body = events.requestBody(chain, first, count);
        HttpConnection c = connection.get();
        try {
            if (c == null || !c.isOpen()) {
                c = new HttpConnection(endpoint.get(), authorization);
                connection.set(c);
                all.add(c);
            }
            HttpConnection.Response response = c.post(body);
            if (response.status() == 201) {
                return null;
            }
            String text = response.text().replaceAll("\\s*\\R\\s*", " ");
            String kind = "HTTP " + response.status();
            return new Failure(kind, kind + ": " + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text));
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            connection.remove();
            return new Failure("connection", "cannot reach " + endpoint.get() + ": " + e);
        }
    }

    @Override
    public void close() {
        all.forEach(HttpConnection::close);
    }
}
