package dev.custody.plugins.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Severity, the BOM and the size limit, each against the strict receiver (issue 21, points 3 to 5). */
class SyslogMessageTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final ProviderMetrics metrics = ProviderMetrics.inMemory();
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    /** A record with {@code padding} characters of non-ASCII text in its payload. */
    static AuditRecord record(long seq, String outcome, int padding) {
        String id = "0190f5e2-7c1a-7b3e-8f00-" + String.format("%012d", seq);
        String text = "Grüße ☃ ".repeat(padding / 8 + 1).substring(0, padding);
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"namespace\":\"billing\",\"tenant\":\"acme\",\"seq\":" + seq
                + ",\"kind\":\"access\",\"outcome\":\"" + outcome + "\",\"payload\":{\"note\":\"" + text + "\"},\"record_hash\":\"ab" + seq + "\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab" + seq, Instant.parse("2026-11-30T10:15:30.123456Z"),
                "access", "document.read", new Ref("user", "alice"), new Ref("doc", "d-1"), outcome, null, json);
    }

    private AuditSink sink(int port, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(port), "hostname",
                "custody-1", "timeout", "2s"));
        p.putAll(extra);
        AuditSinkProvider provider = new SyslogSinkProvider();
        return provider.create(ProviderConfig.of("custody.sinks[0].properties.", p), ProviderContext.of(dir).withMetrics(metrics));
    }

    private static void await(SyslogReceiver rx, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rx.messages.size() < n && rx.errors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(rx.errors).as("receiver errors").isEmpty();
        assertThat(rx.messages).as("messages received").hasSize(n);
    }

    @Test
    void severity_oneTableForSyslogAndCef_theServicesOwnGrantsAreInformational() throws Exception {
        List<AuditRecord> batch = List.of(record(1, "success", 10), record(2, "approved", 10), record(3, "granted", 10),
                record(4, "denied", 10), record(5, "failed", 10), record(6, "incomplete", 10));
        int[] syslog = {6, 6, 6, 4, 3, 5};
        int[] cef = {3, 3, 3, 7, 8, 5};
        for (String format : new String[] {"json", "cef"}) {
            try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                    AuditSink sink = sink(rx.port(), Map.of("format", format))) {
                sink.deliver(CHAIN, batch);
                await(rx, batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    SyslogReceiver.Message m = rx.messages.get(i);
                    assertThat(m.pri()).as("%s PRI of %s", format, batch.get(i).outcome()).isEqualTo(13 * 8 + syslog[i]);
                    if (format.equals("cef")) {
                        assertThat(SyslogReceiver.parseCef(m.msg())).as("CEF severity of %s", batch.get(i).outcome())
                                .containsEntry("severity", Integer.toString(cef[i]));
                    }
                }
            }
        }
    }

    @Test
    void severity_isConfigurablePerSink() throws Exception {
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                AuditSink sink = sink(rx.port(), Map.of("format", "cef", "severity.granted", "medium", "severity.default", "high"))) {
            sink.deliver(CHAIN, List.of(record(1, "granted", 10), record(2, "rotated", 10), record(3, "success", 10)));
            await(rx, 3);
            assertThat(rx.messages).extracting(SyslogReceiver.Message::pri).containsExactly(13 * 8 + 4, 13 * 8 + 3, 13 * 8 + 6);
            assertThat(rx.messages).extracting(m -> SyslogReceiver.parseCef(m.msg()).get("severity")).containsExactly("7", "8", "3");
        }
        assertThatThrownBy(() -> sink(1, Map.of("severity.granted", "loud"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.sinks[0].properties.severity.granted=loud: must be one of");
    }

    @Test
    void bom_prefixesEveryMsg_andCanBeTurnedOffForReceiversThatMishandleIt() throws Exception {
        for (String format : new String[] {"json", "cef"}) {
            try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                    AuditSink sink = sink(rx.port(), Map.of("format", format))) {
                sink.deliver(CHAIN, List.of(record(1, "success", 40)));
                await(rx, 1);
                assertThat(rx.messages.get(0).bom()).isTrue();
                if (format.equals("json")) {
                    assertThat(rx.messages.get(0).msg()).isEqualTo(record(1, "success", 40).json());
                }
            }
        }
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                AuditSink sink = sink(rx.port(), Map.of("bom", "false"))) {
            sink.deliver(CHAIN, List.of(record(1, "success", 40)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rx.errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // what a strict receiver makes of a non-ASCII MSG without the BOM: exactly the problem the BOM solves
            assertThat(rx.errors).singleElement().asString().contains("MSG-ANY holds the non-ASCII byte");
        }
    }

    @Test
    void aRecordLargerThanMaxMessageBytes_goesAsAReferenceFrame_countedAndNeverCut() throws Exception {
        AuditRecord small = record(1, "success", 100);
        AuditRecord large = record(2, "success", 20_000);
        int largeBytes = large.json().getBytes(StandardCharsets.UTF_8).length;
        assertThat(largeBytes).isGreaterThan(20_000);
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0, SyslogReceiver.RSYSLOG_DEFAULT_MAX);
                AuditSink sink = sink(rx.port(), Map.of())) {   // default max-message-bytes 8192, like rsyslog
            sink.deliver(CHAIN, List.of(small, large, record(3, "success", 100)));
            await(rx, 3);
            SyslogReceiver.Message ref = rx.messages.get(1);
            assertThat(ref.declaredLength()).isLessThanOrEqualTo(8192);
            assertThat(ref.params()).containsEntry("id", large.id()).containsEntry("seq", "2")
                    .containsEntry("hash", large.recordHash()).containsEntry("size", Integer.toString(largeBytes));
            JsonNode msg = mapper.readTree(ref.msg());
            assertThat(msg.get("id").asText()).isEqualTo(large.id());
            assertThat(msg.get("record_hash").asText()).isEqualTo(large.recordHash());
            assertThat(msg.get("seq").asLong()).isEqualTo(2);
            assertThat(msg.get("size").asInt()).isEqualTo(largeBytes);
            assertThat(msg.get("omitted").asText()).contains("exceeds max-message-bytes 8192");
            assertThat(rx.messages.get(0).msg()).isEqualTo(small.json());
            assertThat(rx.messages.get(2).msg()).isEqualTo(record(3, "success", 100).json());
        }
        assertThat(metrics.counter(SyslogSink.OVERSIZED, "").count()).isEqualTo(1);
    }

    @Test
    void aCefLineLargerThanMaxMessageBytes_goesAsAReferenceLine() throws Exception {
        String wide = "Ünïcödé|=\\☃".repeat(25);   // 250 characters, most of them escaped or multi-byte
        AuditRecord r = new AuditRecord(CHAIN, 7, "0190f5e2-7c1a-7b3e-8f00-000000000007", "genesis", "ab7",
                Instant.parse("2026-11-30T10:15:30.123456Z"), "access", wide, new Ref("user", wide), new Ref(wide, wide),
                "denied", wide, "{\"v\":1}");
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0, 2048);
                AuditSink sink = sink(rx.port(), Map.of("format", "cef", "max-message-bytes", "2048"))) {
            sink.deliver(CHAIN, List.of(r));
            await(rx, 1);
            SyslogReceiver.Message ref = rx.messages.get(0);
            assertThat(ref.declaredLength()).isLessThanOrEqualTo(2048);
            assertThat(ref.params()).containsEntry("id", r.id()).containsEntry("size", "7");
            Map<String, String> cef = SyslogReceiver.parseCef(ref.msg());
            assertThat(cef).containsEntry("externalId", r.id()).containsEntry("cs3", "ab7").containsEntry("cn1", "7")
                    .containsEntry("cn2Label", "recordBytes").containsEntry("cn2", "7").containsEntry("severity", "7")
                    .containsEntry("name", wide.substring(0, 64));
            assertThat(cef.get("msg")).contains("exceeds max-message-bytes 2048");
        }
        assertThat(metrics.counter(SyslogSink.OVERSIZED, "").count()).isEqualTo(1);
    }

    @Test
    void aReceiverConfiguredForLargeRecords_getsThemWhole() throws Exception {
        AuditRecord large = record(2, "success", 20_000);
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0, 64 * 1024);
                AuditSink sink = sink(rx.port(), Map.of("max-message-bytes", Integer.toString(64 * 1024)))) {
            sink.deliver(CHAIN, List.of(large));
            await(rx, 1);
            assertThat(rx.messages.get(0).msg()).isEqualTo(large.json());
        }
        assertThat(metrics.counter(SyslogSink.OVERSIZED, "").count()).isZero();
    }

    @Test
    void maxMessageBytesBelowWhatEveryReceiverTakes_isRefused() {
        assertThatThrownBy(() -> sink(1, Map.of("max-message-bytes", "1000"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.sinks[0].properties.max-message-bytes=1000: must be between 2048 and 67108864");
    }

    @Test
    void theTrustStorePasswordIsASecret_fromAFile_andNeverInAMessage() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "not-the-password\n");
        Map<String, String> p = Map.of("tls", "true", "tls.trust-store", dir.resolve("missing.p12").toString(),
                "tls.trust-store-password-file", password.toString());
        assertThatThrownBy(() -> sink(1, p)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tls.trust-store=" + dir.resolve("missing.p12")).hasMessageNotContaining("not-the-password");
    }
}
