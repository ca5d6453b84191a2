package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * POSTs a batch as one JSON array of OCSF events; any 2xx answer acknowledges the whole batch. Over {@code http://}
 * it speaks HTTP/1.1 only: the JDK client would otherwise offer an h2c upgrade ({@code Upgrade: h2c}), which
 * receivers that also serve upgrades (WebSocket servers) answer by dropping the connection. Over {@code https://}
 * HTTP/2 is negotiated by ALPN, which no receiver misreads.
 */
final class OcsfWebhookSink implements AuditSink {

    private final URI url;
    private final String token;
    private final Duration timeout;
    private final OcsfEvent events;
    private final HttpClient client;

    OcsfWebhookSink(URI url, String token, Duration timeout, OcsfEvent events) {
        this.url = url;
        this.token = token;
        this.timeout = timeout;
        this.events = events;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(version(url)).build();
    }

    /** HTTP/1.1 for {@code http://} (no h2c upgrade), HTTP/2 with fallback for {@code https://}. */
    static HttpClient.Version version(URI url) {
        return "https".equals(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    @Override
    public void deliver(ChainId chain, List<AuditRecord> batch) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.json(batch.get(i)));
        }
        body.append(']');
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SinkException("ocsf: cannot POST " + batch.size() + " records of " + chain + " to " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("ocsf: interrupted posting to " + url);
        }
        if (r.statusCode() / 100 != 2) {
            String text = r.body().length() > 200 ? r.body().substring(0, 200) + "…" : r.body();
            throw new SinkException("ocsf: " + url + " refused " + batch.size() + " records of " + chain + ": HTTP "
                    + r.statusCode() + " " + text);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient releases its connections when unreachable (close() is Java 21+)
    }
}
