package dev.custody.plugins.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.SinkException;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real webhook receiver on loopback that checks the bearer token, parses the OCSF array and validates
 * every event against the OCSF 1.1.0 schema ({@link OcsfReceiver}).
 */
class OcsfWebhookSinkTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final ObjectMapper mapper = new ObjectMapper();
    private OcsfReceiver rx;

    @TempDir
    Path dir;

    @BeforeEach
    void receiver() throws IOException {
        rx = new OcsfReceiver("s3cret");
    }

    @AfterEach
    void stop() {
        rx.close();
    }

    private AuditSink sink(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("url", rx.url(), "timeout", "2s", "token", "s3cret"));
        p.putAll(extra);
        p.values().removeIf(String::isEmpty);
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("ocsf")).findFirst().orElseThrow();
        return provider.create(ProviderConfig.of("custody.sinks[0].properties.", p), ProviderContext.of(dir));
    }

    private List<JsonNode> deliver(List<AuditRecord> batch) {
        try (AuditSink sink = sink(Map.of())) {
            sink.deliver(CHAIN, batch);
        }
        rx.assertValid();
        return rx.events;
    }

    static AuditRecord record(long seq, String kind, String action, String outcome, Ref actor, Ref resource, String subject) {
        String id = "0190f5e2-7c1a-7b3e-8f00-00000000000" + seq;
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"seq\":" + seq + ",\"kind\":\"" + kind
                + "\",\"payload\":{\"note\":\"\\\"q\\\" \\\\ 😀\"},\"record_hash\":\"ab" + seq + "\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab" + seq, Instant.parse("2026-11-30T10:15:30.123456Z"),
                kind, action, actor, resource, outcome, subject, json);
    }

    static AuditRecord record(long seq, String kind, String action, String outcome, Ref resource, String subject) {
        return record(seq, kind, action, outcome, new Ref("service", "loan-engine"), resource, subject);
    }

    @Test
    void apiActivity_everyFieldMapped_andTheStoredRecordInRawData() throws Exception {
        List<AuditRecord> batch = List.of(
                record(1, "decision", "update.loan", "approved", new Ref("loan", "L-1"), null),
                record(2, "access", "document.download", "denied", new Ref("user", "alice"), new Ref("file", "f\"1"), "s-42"),
                record(3, "x-custom", "rotate-keys", "partial", null, null));
        List<JsonNode> received = deliver(batch);
        assertThat(received).hasSize(3);
        JsonNode a = received.get(0);
        assertThat(a.get("class_uid").asInt()).isEqualTo(6003);
        assertThat(a.get("category_uid").asInt()).isEqualTo(6);
        assertThat(a.get("activity_id").asInt()).isEqualTo(3);
        assertThat(a.get("type_uid").asInt()).isEqualTo(600303);
        assertThat(a.get("severity_id").asInt()).isEqualTo(1);
        assertThat(a.get("time").asLong()).isEqualTo(batch.get(0).recordedAt().toEpochMilli());
        assertThat(a.get("status_id").asInt()).isEqualTo(1);
        assertThat(a.get("status_detail").asText()).isEqualTo("approved");
        assertThat(a.get("metadata").get("version").asText()).isEqualTo("1.1.0");
        assertThat(a.get("metadata").get("uid").asText()).isEqualTo(batch.get(0).id());
        assertThat(a.get("metadata").get("product").get("name").asText()).isEqualTo("Custody");
        assertThat(a.get("metadata").get("log_name").asText()).isEqualTo("billing/acme");
        assertThat(a.get("metadata").get("sequence").asLong()).isEqualTo(1);
        assertThat(a.get("actor").get("user").get("uid").asText()).isEqualTo("loan-engine");
        assertThat(a.get("api").get("operation").asText()).isEqualTo("update.loan");
        assertThat(a.get("api").get("service").get("name").asText()).isEqualTo("billing");
        assertThat(a.get("resources").get(0).get("uid").asText()).isEqualTo("L-1");
        assertThat(a.get("resources").get(0).get("type").asText()).isEqualTo("loan");
        assertThat(a.get("unmapped").get("custody").get("record_hash").asText()).isEqualTo("ab1");
        assertThat(a.get("raw_data").asText()).isEqualTo(batch.get(0).json());
        assertThat(mapper.readTree(a.get("raw_data").asText())).isEqualTo(mapper.readTree(batch.get(0).json()));

        JsonNode b = received.get(1);
        assertThat(b.get("activity_id").asInt()).isEqualTo(2);
        assertThat(b.get("type_uid").asInt()).isEqualTo(600302);
        assertThat(b.get("status_id").asInt()).isEqualTo(2);
        assertThat(b.get("resources").get(0).get("uid").asText()).isEqualTo("f\"1");
        assertThat(b.get("unmapped").get("custody").get("subject_id").asText()).isEqualTo("s-42");

        JsonNode c = received.get(2);
        assertThat(c.get("activity_id").asInt()).isEqualTo(99);
        assertThat(c.get("activity_name").asText()).isEqualTo("rotate-keys");
        assertThat(c.get("type_uid").asInt()).isEqualTo(600399);
        assertThat(c.get("status_id").asInt()).isEqualTo(99);
        assertThat(c.get("status").asText()).isEqualTo("partial");
        assertThat(c.has("resources")).isFalse();
    }

    @Test
    void srcEndpoint_isNeverEmpty_theCallingServiceOrTheNamespace() {
        List<JsonNode> received = deliver(List.of(
                record(1, "decision", "approve", "approved", new Ref("service", "loan-engine"), null, null),
                record(2, "access", "read", "granted", new Ref("api_key", "reporting"), null, null),
                record(3, "access", "read", "granted", new Ref("user", "alice"), null, null)));
        assertThat(received).extracting(e -> e.get("src_endpoint").get("svc_name").asText())
                .containsExactly("loan-engine", "reporting", "billing");
    }

    @Test
    void actorTypes_mapToUserTypeIds_withTheCaptionAsType() {
        List<JsonNode> received = deliver(List.of(
                record(1, "decision", "approve", "approved", new Ref("service", "loan-engine"), null, null),
                record(2, "decision", "approve", "approved", new Ref("system", "scheduler"), null, null),
                record(3, "decision", "approve", "approved", new Ref("user", "alice"), null, null),
                record(4, "decision", "approve", "approved", new Ref("operator", "root"), null, null),
                record(5, "decision", "approve", "approved", new Ref("requester", "dpo"), null, null)));
        assertThat(received).extracting(e -> e.get("actor").get("user").get("type_id").asInt()).containsExactly(3, 3, 1, 2, 99);
        assertThat(received).extracting(e -> e.get("actor").get("user").get("type").asText())
                .containsExactly("System", "System", "User", "Admin", "requester");
        assertThat(received).extracting(e -> e.get("unmapped").get("custody").get("actor_type").asText())
                .containsExactly("service", "system", "user", "operator", "requester");
    }

    @Test
    void severity_oneTableWithSyslogAndCef_andConfigurable() {
        List<AuditRecord> batch = List.of(record(1, "access", "read", "success", null, null),
                record(2, "access", "read", "granted", null, null), record(3, "access", "read", "denied", null, null),
                record(4, "access", "read", "failed", null, null), record(5, "access", "read", "incomplete", null, null));
        assertThat(deliver(batch)).extracting(e -> e.get("severity_id").asInt()).containsExactly(1, 1, 3, 4, 2);
        assertThat(rx.events).extracting(e -> e.get("severity").asText())
                .containsExactly("Informational", "Informational", "Medium", "High", "Low");
        rx.events.clear();
        try (AuditSink sink = sink(Map.of("severity.denied", "critical"))) {
            sink.deliver(CHAIN, batch.subList(2, 3));
        }
        assertThat(rx.events.get(0).get("severity_id").asInt()).isEqualTo(5);
    }

    @Test
    void gdprErasure_isAnEntityManagementDeleteOfTheDataSubject_withTheHostProfileItsActorNeeds() throws Exception {
        AuditRecord erased = record(4, "gdpr_erasure", "gdpr.erase", "erased", new Ref("requester", "dpo"),
                new Ref("data_subject", "hmac-sha256:9f2c"), null);
        AuditRecord partial = record(5, "gdpr_erasure", "gdpr.erase", "partially_erased", new Ref("requester", "dpo"),
                new Ref("data_subject", "hmac-sha256:9f2c"), null);
        List<JsonNode> received = deliver(List.of(erased, partial));
        JsonNode e = received.get(0);
        assertThat(e.get("class_uid").asInt()).isEqualTo(3004);
        assertThat(e.get("category_uid").asInt()).isEqualTo(3);
        assertThat(e.get("activity_id").asInt()).isEqualTo(4);
        assertThat(e.get("type_uid").asInt()).isEqualTo(300404);
        assertThat(e.get("metadata").get("profiles")).containsExactly(mapper.readTree("\"host\""));
        assertThat(e.get("status_id").asInt()).as("an erasure that succeeded is a success").isEqualTo(1);
        assertThat(e.has("status")).isFalse();
        assertThat(e.get("severity_id").asInt()).isEqualTo(1);
        assertThat(e.get("entity").get("uid").asText()).isEqualTo("hmac-sha256:9f2c");
        assertThat(e.get("entity").get("type").asText()).isEqualTo("data_subject");
        assertThat(e.get("actor").get("user").get("uid").asText()).isEqualTo("dpo");
        assertThat(e.has("api")).isFalse();
        assertThat(e.get("raw_data").asText()).isEqualTo(erased.json());
        assertThat(received.get(1).get("status_id").asInt()).isEqualTo(99);
        assertThat(received.get(1).get("status").asText()).isEqualTo("partially_erased");
        assertThat(received.get(1).get("severity_id").asInt()).isEqualTo(4);
    }

    @Test
    void metadata_carriesTheRecommendedProviderTenantAndProductVersion() {
        JsonNode m = deliver(List.of(record(1, "access", "read", "success", null, null))).get(0).get("metadata");
        assertThat(m.get("log_provider").asText()).isEqualTo("Custody");
        assertThat(m.get("tenant_uid").asText()).isEqualTo("acme");
        assertThat(m.get("product").get("version").asText()).isEqualTo(OcsfWebhookSinkProvider.productVersion())
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void overHttp_theSinkSpeaksHttp11_andNeverOffersAnH2cUpgrade() {
        deliver(List.of(record(1, "access", "read", "success", null, null)));
        assertThat(rx.headers).hasSize(1);
        assertThat(rx.headers.get(0).keySet()).extracting(String::toLowerCase).doesNotContain("upgrade", "http2-settings");
        assertThat(OcsfWebhookSink.version(URI.create("http://siem:8080/x"))).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(OcsfWebhookSink.version(URI.create("https://siem/x"))).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void non2xxAndAWrongTokenFail_soTheEngineRetries() {
        try (AuditSink sink = sink(Map.of())) {
            rx.refuse.set(1);
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null))))
                    .isInstanceOf(SinkException.class).hasMessageContaining("HTTP 500");
            sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null)));
            assertThat(rx.events).hasSize(1);
        }
        try (AuditSink sink = sink(Map.of("token", ""))) {
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null))))
                    .isInstanceOf(SinkException.class).hasMessageContaining("HTTP 401");
        }
    }

    @Test
    void theTokenComesFromAFile_andNoMessageShowsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "s3cret\n");
        try (AuditSink sink = sink(Map.of("token", "", "token-file", file.toString()))) {
            sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null)));
        }
        assertThat(rx.events).hasSize(1);
        assertThatThrownBy(() -> sink(Map.of("url", "ftp://x", "token", "s3cret")))
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> sink(Map.of("token-file", file.toString())))
                .hasMessageContaining("token-file are set").hasMessageNotContaining("s3cret");
    }

    @Test
    void invalidUrlNamesTheKey() {
        AuditSinkProvider p = new OcsfWebhookSinkProvider();
        assertThatThrownBy(() -> p.create(ProviderConfig.of("custody.sinks[2].properties.", Map.of("url", "file:///x")),
                ProviderContext.of(dir))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.sinks[2].properties.url=file:///x");
    }
}
