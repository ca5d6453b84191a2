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

/** POSTs a batch as one JSON array of OCSF events; any 2xx answer acknowledges the whole batch. */
final class OcsfWebhookSink implements AuditSink {

    private final URI url;
    private final String token;
    private final Duration timeout;
    private final HttpClient client;

    OcsfWebhookSink(URI url, String token, Duration timeout) {
        this.url = url;
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void deliver(ChainId chain, List<AuditRecord> batch) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append(OcsfEvent.json(batch.get(i)));
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
