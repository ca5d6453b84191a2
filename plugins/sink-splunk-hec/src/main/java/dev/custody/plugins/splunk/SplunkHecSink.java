package dev.custody.plugins.splunk;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts a batch as concatenated HEC event objects to {@code /services/collector/event}
 * ({@code Authorization: Splunk <token>}). The event body is the stored record JSON, unchanged. With
 * {@code ack} on, each request carries {@code X-Splunk-Request-Channel}, the answer's {@code ackId} is
 * polled at {@code /services/collector/ack} and the batch counts as delivered only once it is indexed.
 */
final class SplunkHecSink implements AuditSink {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*(-?\\d+)");
    private static final Pattern ACK_ID = Pattern.compile("\"ackId\"\\s*:\\s*(\\d+)");

    private final HecSettings settings;
    private final HttpClient client;

    SplunkHecSink(HecSettings settings) {
        this.settings = settings;
        // HTTP/1.1 over http:// (the JDK's default would offer an h2c upgrade, which some proxies drop); h2 over TLS
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .version("https".equals(settings.url().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public void deliver(ChainId chain, List<AuditRecord> batch) {
        StringBuilder body = new StringBuilder();
        for (AuditRecord r : batch) {
            body.append(HecEvent.json(r, settings)).append('\n');
        }
        HttpResponse<String> response = post("/services/collector/event", body.toString(), batch.size(), chain);
        Matcher code = CODE.matcher(response.body());
        if (response.statusCode() != 200 || !code.find() || !code.group(1).equals("0")) {
            throw new SinkException("splunk-hec: " + settings.url() + " refused " + batch.size() + " records of " + chain
                    + ": HTTP " + response.statusCode() + " " + cut(response.body()));
        }
        if (settings.ack()) {
            Matcher id = ACK_ID.matcher(response.body());
            if (!id.find()) {
                throw new SinkException("splunk-hec: ack is on but " + settings.url()
                        + " answered without an ackId (enable indexer acknowledgement on the token): " + cut(response.body()));
            }
            awaitAck(Long.parseLong(id.group(1)), batch.size(), chain);
        }
    }

    private void awaitAck(long ackId, int n, ChainId chain) {
        long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
        Pattern acked = Pattern.compile("\"" + ackId + "\"\\s*:\\s*true");
        while (true) {
            HttpResponse<String> r = post("/services/collector/ack?channel=" + settings.channel(),
                    "{\"acks\":[" + ackId + "]}", n, chain);
            if (r.statusCode() != 200) {
                throw new SinkException("splunk-hec: ack query for ackId " + ackId + " failed: HTTP " + r.statusCode()
                        + " " + cut(r.body()));
            }
            if (acked.matcher(r.body()).find()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SinkException("splunk-hec: " + n + " records of " + chain + " (ackId " + ackId
                        + ") were not indexed within " + settings.ackTimeout());
            }
            try {
                Thread.sleep(settings.ackPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkException("splunk-hec: interrupted while waiting for ackId " + ackId);
            }
        }
    }

    private HttpResponse<String> post(String path, String body, int n, ChainId chain) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(settings.timeout())
                .header("Authorization", "Splunk " + settings.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (settings.ack()) {
            b.header("X-Splunk-Request-Channel", settings.channel());
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SinkException("splunk-hec: cannot send " + n + " records of " + chain + " to " + settings.url()
                    + path.replaceAll("\\?.*", "") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("splunk-hec: interrupted sending to " + settings.url());
        }
    }

    private static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient releases its connections when unreachable (close() is Java 21+)
    }
}
