package dev.custody.domain.chain;

import dev.custody.ports.ChainId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic events for tests. */
final class Events {

    private Events() {
    }

    static AuditEvent llmCall(ChainId chain, int i) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("call_id", "c-" + i);
        payload.put("model", "gpt-x");
        payload.put("prompt_tokens", 812 + i);
        payload.put("temperature", 0.7);
        payload.put("prompt", "Résumé of ☃ \"snow\"\n 😀 #" + i);
        payload.put("tags", List.of("a", "b"));
        return AuditEvent.builder(chain).kind("llm_call").action("chat.completion").actor("user", "u-" + (i % 7))
                .resource("conversation", "conv-" + (i % 3)).outcome(i % 5 == 0 ? "error" : "success")
                .subjectId("u-" + (i % 7)).occurredAt("2026-11-23T05:59:59.9Z").payload(payload).build();
    }
}
