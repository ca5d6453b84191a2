package dev.custody.plugins.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.plugins.ocsf.schema.OcsfValidator;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shape of event the sink produces, through the real sink to the validating receiver: any violation of
 * OCSF 1.1.0 fails the build. The recommended attributes the record knows are filled.
 */
class OcsfSchemaConformanceTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path dir;

    /** Every kind, verb, outcome and actor type the mapping distinguishes, with and without resource and subject. */
    static List<AuditRecord> everyShape() {
        String[] kinds = {"decision", "llm_call", "access", "gdpr_erasure", "retention", "custody", "admin", "x-custom"};
        String[] actions = {"create.loan", "read", "export", "update", "approve", "delete", "purge", "chat", "gdpr.erase"};
        String[] outcomes = {"success", "approved", "granted", "completed", "erased", "denied", "failed", "error",
                "partially_erased", "incomplete", "rotated"};
        String[] actorTypes = {"user", "service", "system", "api_key", "operator", "requester", "cli", "x-robot"};
        List<AuditRecord> out = new ArrayList<>();
        long seq = 1;
        for (String kind : kinds) {
            for (int i = 0; i < actions.length; i++) {
                String outcome = outcomes[(int) (seq % outcomes.length)];
                String actor = actorTypes[(int) (seq % actorTypes.length)];
                Ref resource = i % 3 == 0 ? null : new Ref(kind.equals("gdpr_erasure") ? "data_subject" : "doc", "r-" + seq);
                String subject = i % 2 == 0 ? null : "hmac-sha256:" + seq;
                out.add(record(seq++, kind, actions[i], outcome, new Ref(actor, "a-" + seq), resource, subject, 40));
            }
        }
        out.add(record(Integer.MAX_VALUE + 5L, "access", "read", "success", new Ref("user", "u"), null, null, 40));
        out.add(record(seq, "decision", "update", "approved", new Ref("user", "u"), null, null, 70_000));
        return out;
    }

    static AuditRecord record(long seq, String kind, String action, String outcome, Ref actor, Ref resource,
            String subject, int padding) {
        String id = "0190f5e2-7c1a-7b3e-8f00-" + String.format("%012d", seq % 1_000_000_000_000L);
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"seq\":" + seq + ",\"kind\":\"" + kind
                + "\",\"payload\":{\"note\":\"" + "Résumé \\\"q\\\" ".repeat(padding / 12 + 1) + "\"},\"record_hash\":\"ab\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab", Instant.parse("2026-11-30T10:15:30.123456Z"), kind, action,
                actor, resource, outcome, subject, json);
    }

    @Test
    void everyEventTheSinkProduces_validatesAgainstOcsf110() throws Exception {
        List<AuditRecord> records = everyShape();
        try (OcsfReceiver rx = new OcsfReceiver(null);
                AuditSink sink = new OcsfWebhookSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.",
                        Map.of("url", rx.url())), ProviderContext.of(dir))) {
            sink.deliver(CHAIN, records);
            rx.assertValid();   // any violation of any event fails here, naming the event and the rule
            assertThat(rx.events).hasSize(records.size());
            Set<String> warnings6003 = new TreeSet<>();
            Set<String> warnings3004 = new TreeSet<>();
            for (JsonNode e : rx.events) {
                OcsfValidator.Result r = OcsfReceiver.VALIDATOR.validate(e);
                assertThat(r.violations()).isEmpty();
                (e.get("class_uid").asInt() == 6003 ? warnings6003 : warnings3004)
                        .addAll(r.warnings().stream().map(w -> w.substring(0, w.indexOf(':'))).toList());
            }
            // the recommended attributes Custody knows are filled; what it leaves out it does not know (docs/plugins.md §6)
            Set<String> known = Set.of("metadata.log_provider", "metadata.tenant_uid", "metadata.product.version",
                    "metadata.original_time", "timezone_offset", "status_id", "actor.user", "actor.user.type_id",
                    "actor.user.uid", "src_endpoint.svc_name", "entity.type");
            assertThat(warnings6003).isNotEmpty().doesNotContainAnyElementsOf(known);
            assertThat(warnings3004).isNotEmpty().doesNotContainAnyElementsOf(known);
            JsonNode huge = rx.events.get(rx.events.size() - 1);
            assertThat(huge.has("raw_data")).isFalse();
            assertThat(huge.get("unmapped").get("custody").get("raw_data_omitted").asText()).contains("65535");
            JsonNode bigSeq = rx.events.get(rx.events.size() - 2);
            assertThat(bigSeq.get("metadata").has("sequence")).as("integer_t is 32 bits").isFalse();
            assertThat(bigSeq.get("unmapped").get("custody").get("seq").asLong()).isEqualTo(Integer.MAX_VALUE + 5L);
        }
    }
}
