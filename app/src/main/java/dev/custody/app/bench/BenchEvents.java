package dev.custody.app.bench;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The event every benchmark writes: an LLM call of about 600 bytes once stored. */
final class BenchEvents {

    private BenchEvents() {
    }

    static Map<String, Object> payload(long i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("call_id", "c-" + i);
        p.put("decision_id", "0193a8f0-0000-7000-8000-000000000001");
        p.put("model", "gpt-x-2026-10");
        p.put("prompt_tokens", 812);
        p.put("completion_tokens", 64);
        p.put("latency_ms", 412.5);
        p.put("prompt", "Summarise the customer's last three tickets and propose a refund decision.");
        p.put("tags", List.of("billing", "refund", "tier-2"));
        return p;
    }

    static AuditEvent event(ChainId chain, long i) {
        return AuditEvent.builder(chain).kind("llm_call").action("chat.completion").actor("service", "support-bot")
                .resource("conversation", "conv-" + (i % 1000)).outcome("success").subjectId("u-" + (i % 5000))
                .occurredAt("2026-11-23T06:00:00.25Z").payload(payload(i)).build();
    }
}
