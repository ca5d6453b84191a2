package dev.custody.app.cli.bench;

import dev.custody.ports.ChainId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running Custody server: each append is one {@code POST /v1/audit/events} with {@code {"events":[...]}}
 * and a bearer token, over HTTP/1.1 keep-alive connections; only {@code 201} counts as stored.
 */
final class HttpTarget implements BenchTarget {

    private static final int MAX_ERROR_BODY = 500;

    private final URI endpoint;
    private final String authorization;
    private final BenchEventSource events;
    private final HttpClient client;

    HttpTarget(URI base, String token, BenchEventSource events) {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/audit/events");
        this.authorization = "Bearer " + token;
        this.events = events;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String describe() {
        return "http " + endpoint;
    }

    @Override
    public String append(ChainId chain, long first, int count) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(events.requestBody(chain, first, count))).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return null;
            }
            String body = response.body().replaceAll("\\s*\\R\\s*", " ");
            return "HTTP " + response.statusCode() + ": "
                    + (body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "…" : body);
        } catch (IOException e) {
            return "cannot reach " + endpoint + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient.close() exists only from Java 21; its connections end with the process
    }
}
