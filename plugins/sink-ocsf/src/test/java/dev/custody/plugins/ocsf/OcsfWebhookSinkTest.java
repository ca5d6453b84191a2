package dev.custody.plugins.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real webhook receiver on loopback that checks the bearer token and parses the OCSF array. */
class OcsfWebhookSinkTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger();
    private HttpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ocsf", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        int status;
        if (!"Bearer s3cret".equals(x.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
        } else if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
        } else {
            JsonNode body = mapper.readTree(x.getRequestBody());
            body.forEach(received::add);
            status = body.isArray() ? 202 : 400;
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private AuditSink sink(String token) {
        Map<String, String> p = new HashMap<>(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsf",
                "timeout", "2s"));
        if (token != null) {
            p.put("token", token);
        }
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("ocsf")).findFirst().orElseThrow();
        return provider.create(ProviderConfig.of("custody.sinks[0].properties.", p), ProviderContext.of(dir));
    }

    static AuditRecord record(long seq, String kind, String action, String outcome, Ref resource, String subject) {
        String id = "0190f5e2-7c1a-7b3e-8f00-00000000000" + seq;
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"seq\":" + seq + ",\"kind\":\"" + kind
                + "\",\"payload\":{\"note\":\"\\\"q\\\" \\\\ 😀\"},\"record_hash\":\"ab" + seq + "\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab" + seq, Instant.parse("2026-11-30T10:15:30.123456Z"),
                kind, action, new Ref("service", "loan-engine"), resource, outcome, subject, json);
    }

    @Test
    void apiActivity_everyFieldMapped_andTheStoredRecordInRawData() throws Exception {
        List<AuditRecord> batch = List.of(
                record(1, "decision", "update.loan", "approved", new Ref("loan", "L-1"), null),
                record(2, "access", "document.download", "denied", new Ref("file", "f\"1"), "s-42"),
                record(3, "x-custom", "rotate-keys", "partial", null, null));
        try (AuditSink sink = sink("s3cret")) {
            sink.deliver(CHAIN, batch);
        }
        assertThat(received).hasSize(3);
        JsonNode a = received.get(0);
        assertThat(a.get("class_uid").asInt()).isEqualTo(6003);
        assertThat(a.get("category_uid").asInt()).isEqualTo(6);
        assertThat(a.get("activity_id").asInt()).isEqualTo(3);
        assertThat(a.get("type_uid").asInt()).isEqualTo(600303);
        assertThat(a.get("severity_id").asInt()).isEqualTo(1);
        assertThat(a.get("time").asLong()).isEqualTo(batch.get(0).recordedAt().toEpochMilli());
        assertThat(a.get("status_id").asInt()).isEqualTo(1);
        assertThat(a.get("metadata").get("version").asText()).isEqualTo("1.1.0");
        assertThat(a.get("metadata").get("uid").asText()).isEqualTo(batch.get(0).id());
        assertThat(a.get("metadata").get("product").get("name").asText()).isEqualTo("Custody");
        assertThat(a.get("metadata").get("log_name").asText()).isEqualTo("billing/acme");
        assertThat(a.get("metadata").get("sequence").asLong()).isEqualTo(1);
        assertThat(a.get("actor").get("user").get("uid").asText()).isEqualTo("loan-engine");
        assertThat(a.get("actor").get("user").get("type").asText()).isEqualTo("service");
        assertThat(a.get("api").get("operation").asText()).isEqualTo("update.loan");
        assertThat(a.get("api").get("service").get("name").asText()).isEqualTo("billing");
        assertThat(a.get("src_endpoint").isObject()).isTrue();
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
    void gdprErasure_isAnEntityManagementDeleteOfTheDataSubject() throws Exception {
        AuditRecord r = record(4, "gdpr_erasure", "erase", "success", null, "pseud-9f2c");
        try (AuditSink sink = sink("s3cret")) {
            sink.deliver(CHAIN, List.of(r));
        }
        JsonNode e = received.get(0);
        assertThat(e.get("class_uid").asInt()).isEqualTo(3004);
        assertThat(e.get("category_uid").asInt()).isEqualTo(3);
        assertThat(e.get("activity_id").asInt()).isEqualTo(4);
        assertThat(e.get("type_uid").asInt()).isEqualTo(300404);
        assertThat(e.get("entity").get("uid").asText()).isEqualTo("pseud-9f2c");
        assertThat(e.get("entity").get("type").asText()).isEqualTo("data_subject");
        assertThat(e.has("api")).isFalse();
        assertThat(e.get("raw_data").asText()).isEqualTo(r.json());
    }

    @Test
    void non2xxAndAWrongTokenFail_soTheEngineRetries() {
        try (AuditSink sink = sink("s3cret")) {
            refuse.set(1);
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null))))
                    .isInstanceOf(SinkException.class).hasMessageContaining("HTTP 500");
            sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null)));
            assertThat(received).hasSize(1);
        }
        try (AuditSink sink = sink(null)) {
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1, "access", "read", "success", null, null))))
                    .isInstanceOf(SinkException.class).hasMessageContaining("HTTP 401");
        }
    }

    @Test
    void invalidUrlNamesTheKey() {
        AuditSinkProvider p = new OcsfWebhookSinkProvider();
        assertThatThrownBy(() -> p.create(ProviderConfig.of("custody.sinks[2].properties.", Map.of("url", "file:///x")),
                ProviderContext.of(dir))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.sinks[2].properties.url=file:///x");
    }
}
