package dev.custody.app.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events a benchmark writes: an LLM call whose payload is padded to about {@code payloadBytes} bytes of
 * JSON, as {@link AuditEvent}s for the in-process target and as the HTTP API's request body for a server.
 */
final class BenchEventSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BASE_PAYLOAD_BYTES = payloadBytes(payload(0, ""));

    private final String padding;

    BenchEventSource(int payloadBytes) {
        this.padding = "x".repeat(Math.max(0, payloadBytes - BASE_PAYLOAD_BYTES));
    }

    List<AuditEvent> events(ChainId chain, long first, int count) {
        List<AuditEvent> batch = new ArrayList<>(count);
        for (long i = first; i < first + count; i++) {
            batch.add(AuditEvent.builder(chain).kind("llm_call").action("chat.completion").actor("service", "bench-client")
                    .resource("conversation", "conv-" + (i % 1000)).outcome("success").payload(payload(i, padding))
                    .build());
        }
        return batch;
    }

    /**
     * {@code {"events":[...]}} for {@code POST /v1/audit/events}: the same events as {@link #events}, written
     * directly (every name and value here is plain ASCII that needs no escaping), so that the load generator
     * spends its CPU on sending rather than on serialising.
     */
    byte[] requestBody(ChainId chain, long first, int count) {
        StringBuilder sb = new StringBuilder(count * (padding.length() + 320) + 16).append("{\"events\":[");
        for (long i = first; i < first + count; i++) {
            if (i > first) {
                sb.append(',');
            }
            sb.append("{\"namespace\":\"").append(chain.namespace()).append("\",\"tenant\":\"").append(chain.tenant())
                    .append("\",\"kind\":\"llm_call\",\"action\":\"chat.completion\",")
                    .append("\"actor\":{\"type\":\"service\",\"id\":\"bench-client\"},")
                    .append("\"resource\":{\"type\":\"conversation\",\"id\":\"conv-").append(i % 1000).append("\"},")
                    .append("\"outcome\":\"success\",\"payload\":{\"call_id\":\"c-").append(i)
                    .append("\",\"model\":\"gpt-x-2026-10\",\"prompt_tokens\":812,\"completion_tokens\":64,\"prompt\":\"")
                    .append(padding).append("\"}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> payload(long i, String padding) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("call_id", "c-" + i);
        p.put("model", "gpt-x-2026-10");
        p.put("prompt_tokens", 812);
        p.put("completion_tokens", 64);
        p.put("prompt", padding);
        return p;
    }

    private static int payloadBytes(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsBytes(payload).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
