package dev.custody.plugins.splunk;

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
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplunkHecSinkTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    static AuditRecord record(long seq) {
        String id = "0190f5e2-7c1a-7b3e-8f00-00000000000" + seq;
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"namespace\":\"billing\",\"tenant\":\"acme\",\"seq\":" + seq
                + ",\"recorded_at\":\"2026-11-30T10:15:30.123456Z\",\"kind\":\"access\",\"payload\":{\"note\":\"Résumé \\\"q\\\" \\\\ 😀\"},"
                + "\"record_hash\":\"ab" + seq + "\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab" + seq, Instant.parse("2026-11-30T10:15:30.123456Z"),
                "access", "read", new Ref("user", "alice"), null, "success", null, json);
    }

    private AuditSink sink(HecReceiver rx, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("url", rx.url(), "token", HecReceiver.TOKEN, "index", "audit",
                "host", "custody-1", "timeout", "2s", "ack.poll-interval", "10ms", "ack.timeout", "1s"));
        p.putAll(extra);
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("splunk-hec")).findFirst().orElseThrow();
        return provider.create(ProviderConfig.of("custody.sinks[0].properties.", p), ProviderContext.of(dir));
    }

    @Test
    void postsEveryRecordAsAnHecEvent_withTheTokenAndTheStoredRecordAsEvent() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of())) {
            List<AuditRecord> batch = List.of(record(1), record(2), record(3));
            sink.deliver(CHAIN, batch);
            assertThat(rx.errors).isEmpty();
            assertThat(rx.indexed).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode e = rx.indexed.get(i);
                assertThat(e.get("time").decimalValue()).isEqualByComparingTo("1796033730.123");
                assertThat(e.get("host").asText()).isEqualTo("custody-1");
                assertThat(e.get("source").asText()).isEqualTo("custody");
                assertThat(e.get("sourcetype").asText()).isEqualTo("custody:audit");
                assertThat(e.get("index").asText()).isEqualTo("audit");
                assertThat(e.get("fields").get("chain").asText()).isEqualTo("billing/acme");
                assertThat(e.get("fields").get("seq").asLong()).isEqualTo(i + 1);
                assertThat(e.get("event")).isEqualTo(mapper.readTree(batch.get(i).json()));
            }
        }
    }

    @Test
    void withAckOn_theBatchCountsOnlyOnceTheAckEndpointSaysIndexed() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of("ack", "true",
                "channel", "0aecb8a5-7d4b-4a4c-9e1a-3f2b1c0d9e8f"))) {
            rx.ackEnabled = true;
            rx.pollsUntilIndexed = 3;
            sink.deliver(CHAIN, List.of(record(1), record(2)));
            assertThat(rx.indexed).hasSize(2);
            assertThat(rx.errors).isEmpty();
        }
    }

    @Test
    void lostAcksTimeOut_andRefusalsFail_soTheEngineResends() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of("ack", "true"))) {
            rx.ackEnabled = true;
            rx.loseAcks = true;
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1)))).isInstanceOf(SinkException.class)
                    .hasMessageContaining("were not indexed within PT1S");
            rx.loseAcks = false;
            rx.refuseNext.set(1);
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1)))).isInstanceOf(SinkException.class)
                    .hasMessageContaining("HTTP 503").hasMessageContaining("Server is busy");
            sink.deliver(CHAIN, List.of(record(1)));
            assertThat(rx.indexed).extracting(e -> e.get("fields").get("seq").asLong()).containsExactly(1L);
        }
    }

    @Test
    void aWrongTokenOrADeadReceiverFailsWithTheUrl() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of("token", "wrong"))) {
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1)))).isInstanceOf(SinkException.class)
                    .hasMessageContaining("HTTP 403");
        }
        HecReceiver gone = new HecReceiver();
        gone.close();
        try (AuditSink sink = sink(gone, Map.of())) {
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(1)))).isInstanceOf(SinkException.class)
                    .hasMessageContaining("cannot send 1 records of billing/acme to " + gone.url());
        }
    }

    @Test
    void invalidConfigurationNamesTheKey() throws Exception {
        try (HecReceiver rx = new HecReceiver()) {
            assertThatThrownBy(() -> sink(rx, Map.of("channel", "nope"))).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid value for custody.sinks[0].properties.channel=nope: must be a GUID");
            assertThatThrownBy(() -> sink(rx, Map.of("url", "ftp://x"))).hasMessageContaining("properties.url=ftp://x");
        }
    }

    static AuditRecord record(long seq, String outcome) {
        AuditRecord r = record(seq);
        return new AuditRecord(r.chain(), r.seq(), r.id(), r.prevHash(), r.recordHash(), r.recordedAt(), r.kind(), r.action(),
                r.actor(), null, outcome, null, r.json());
    }

    @Test
    void severity_oneTableWithSyslogCefAndOcsf_inTheFields() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of("severity.incomplete", "medium"))) {
            sink.deliver(CHAIN, List.of(record(1, "success"), record(2, "granted"), record(3, "denied"), record(4, "failed"),
                    record(5, "rotated"), record(6, "incomplete")));
            assertThat(rx.indexed).extracting(e -> e.get("fields").get("severity").asText())
                    .containsExactly("informational", "informational", "medium", "high", "low", "medium");
        }
    }

    @Test
    void overHttp_theSinkSpeaksHttp11_andNeverOffersAnH2cUpgrade() throws Exception {
        try (HecReceiver rx = new HecReceiver(); AuditSink sink = sink(rx, Map.of())) {
            sink.deliver(CHAIN, List.of(record(1)));
            assertThat(rx.headers).isNotEmpty();
            rx.headers.forEach(h -> assertThat(h.keySet()).extracting(String::toLowerCase).doesNotContain("upgrade", "http2-settings"));
        }
    }

    @Test
    void theTokenIsASecret_fromTheEnvironmentOrAFile_neverInAMessage() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("hec-token"), HecReceiver.TOKEN + "\n");
        try (HecReceiver rx = new HecReceiver()) {
            Map<String, String> p = new HashMap<>(Map.of("url", rx.url(), "token-file", file.toString()));
            try (AuditSink sink = new SplunkHecSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.", p),
                    ProviderContext.of(dir))) {
                sink.deliver(CHAIN, List.of(record(1)));
            }
            assertThat(rx.indexed).hasSize(1);
            assertThatThrownBy(() -> sink(rx, Map.of("channel", "nope"))).hasMessageNotContaining(HecReceiver.TOKEN);
            assertThatThrownBy(() -> sink(rx, Map.of("token", "${CUSTODY_UNSET_HEC_TOKEN}")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("the environment variable CUSTODY_UNSET_HEC_TOKEN is not set");
        }
    }
}
