package dev.custody.plugins.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.SinkException;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderMetrics;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSinkTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path dir;

    /** A record whose action, ids and outcome hold every character CEF and RFC 5424 must escape. */
    static AuditRecord record(long seq, String action, String outcome) {
        String id = "0190f5e2-7c1a-7b3e-8f00-00000000000" + seq;
        String json = "{\"v\":1,\"id\":\"" + id + "\",\"namespace\":\"billing\",\"tenant\":\"acme\",\"seq\":" + seq
                + ",\"prev_hash\":\"genesis\",\"recorded_at\":\"2026-11-30T10:15:30.123456Z\",\"kind\":\"access\","
                + "\"action\":\"x\",\"payload\":{\"note\":\"Résumé ☃ \\\"q\\\" ] \\\\ 😀\"},\"record_hash\":\"ab" + seq + "\"}";
        return new AuditRecord(CHAIN, seq, id, "genesis", "ab" + seq, Instant.parse("2026-11-30T10:15:30.123456Z"),
                "access", action, new Ref("user", "alice|ops=admin\\x"), new Ref("file", "C:\\dir\\a=b|c"), outcome,
                "subj-1", json);
    }

    private final ProviderMetrics metrics = ProviderMetrics.inMemory();

    private AuditSink sink(Map<String, String> props) {
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("syslog")).findFirst().orElseThrow();
        return provider.create(ProviderConfig.of("custody.sinks[0].properties.", props),
                ProviderContext.of(dir).withMetrics(metrics));
    }

    private static Map<String, String> props(int port, String format) {
        Map<String, String> p = new HashMap<>();
        p.put("host", "127.0.0.1");
        p.put("port", Integer.toString(port));
        p.put("format", format);
        p.put("hostname", "custody-1");
        p.put("timeout", "2s");
        return p;
    }

    private static void await(SyslogReceiver rx, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rx.messages.size() < n && rx.errors.isEmpty()) {
            assertThat(System.nanoTime()).as("%d messages within 10 s", n).isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(rx.errors).isEmpty();
    }

    @Test
    void json_sendsOneOctetCountedRfc5424FramePerRecord_withTheStoredJsonAsMsg() throws Exception {
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                AuditSink sink = sink(props(rx.port(), "json"))) {
            List<AuditRecord> batch = List.of(record(1, "read", "success"), record(2, "read", "denied"));
            sink.deliver(CHAIN, batch);
            await(rx, 2);
            for (int i = 0; i < 2; i++) {
                SyslogReceiver.Message m = rx.messages.get(i);
                AuditRecord r = batch.get(i);
                assertThat(m.declaredLength()).isEqualTo(m.actualBytes());
                assertThat(m.pri()).isEqualTo(13 * 8 + (i == 0 ? 6 : 4));
                assertThat(m.timestamp()).isEqualTo("2026-11-30T10:15:30.123456Z");
                assertThat(m.hostname()).isEqualTo("custody-1");
                assertThat(m.appName()).isEqualTo("custody");
                assertThat(m.procId()).isEqualTo("-");
                assertThat(m.msgId()).isEqualTo("access");
                assertThat(m.sdId()).isEqualTo("custody@32473");
                assertThat(m.params()).containsExactly(Map.entry("chain", "billing/acme"), Map.entry("seq", "" + r.seq()),
                        Map.entry("id", r.id()), Map.entry("hash", r.recordHash()));
                assertThat(m.msg()).isEqualTo(r.json());
                assertThat(m.bom()).as("MSG-UTF8 starts with the BOM").isTrue();
            }
        }
    }

    @Test
    void cef_escapesHeaderAndExtensionSoAReceiverGetsEveryFieldBack() throws Exception {
        try (SyslogReceiver rx = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
                AuditSink sink = sink(props(rx.port(), "cef"))) {
            AuditRecord r = record(3, "export|all\\rows\nnow", "failure");
            sink.deliver(CHAIN, List.of(r));
            await(rx, 1);
            String line = rx.messages.get(0).msg();
            assertThat(line).doesNotContain("\n").startsWith("CEF:0|Custody|Custody|1|access|export\\|all\\\\rows now|8|");
            Map<String, String> cef = SyslogReceiver.parseCef(line);
            assertThat(cef).containsEntry("version", "CEF:0").containsEntry("vendor", "Custody")
                    .containsEntry("signatureId", "access").containsEntry("name", "export|all\\rows now")
                    .containsEntry("severity", "8")
                    .containsEntry("rt", Long.toString(r.recordedAt().toEpochMilli()))
                    .containsEntry("externalId", r.id())
                    .containsEntry("act", "export|all\\rows\nnow")
                    .containsEntry("outcome", "failure")
                    .containsEntry("suser", "alice|ops=admin\\x")
                    .containsEntry("cs1", "user").containsEntry("cs2", "billing/acme").containsEntry("cn1", "3")
                    .containsEntry("cs3", "ab3").containsEntry("cs4", "file").containsEntry("cs5", "C:\\dir\\a=b|c")
                    .containsEntry("cs5Label", "resourceId").containsEntry("cs6", "subj-1");
        }
    }

    @Test
    void tls_withASelfSignedReceiverCertificateInTheTrustStore() throws Exception {
        Path server = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "rx", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", server.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "rx", "-keystore", server.toString(), "-storepass", "changeit", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "rx", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(server.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SyslogReceiver rx = new SyslogReceiver(ctx.getServerSocketFactory(), 0)) {
            Map<String, String> p = props(rx.port(), "json");
            p.put("tls", "true");
            p.put("tls.trust-store", trust.toString());
            p.put("tls.trust-store-password", "changeit");
            try (AuditSink sink = sink(p)) {
                sink.deliver(CHAIN, List.of(record(1, "read", "success")));
                await(rx, 1);
                assertThat(rx.messages.get(0).msg()).isEqualTo(record(1, "read", "success").json());
            }
            Map<String, String> untrusted = props(rx.port(), "json");
            untrusted.put("tls", "true");
            try (AuditSink sink = sink(untrusted)) {
                assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(2, "read", "success"))))
                        .isInstanceOf(SinkException.class).hasMessageContaining("cannot send 1 records of billing/acme");
            }
        }
    }

    @Test
    void receiverRestart_failsWhileDown_thenReconnects() throws Exception {
        SyslogReceiver first = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
        int port = first.port();
        try (AuditSink sink = sink(props(port, "json"))) {
            sink.deliver(CHAIN, List.of(record(1, "read", "success")));
            await(first, 1);
            first.close();
            Thread.sleep(50);
            assertThatThrownBy(() -> sink.deliver(CHAIN, List.of(record(2, "read", "success"))))
                    .isInstanceOf(SinkException.class).hasMessageContaining("127.0.0.1:" + port);
            try (SyslogReceiver second = new SyslogReceiver(ServerSocketFactory.getDefault(), port)) {
                sink.deliver(CHAIN, List.of(record(2, "read", "success"), record(3, "read", "success")));
                await(second, 2);
                assertThat(second.messages).extracting(m -> m.params().get("seq")).containsExactly("2", "3");
            }
        }
    }

    @Test
    void invalidConfigurationNamesTheKey() {
        Map<String, String> p = props(1514, "xml");
        assertThatThrownBy(() -> sink(p)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.sinks[0].properties.format=xml: must be json or cef");
        Map<String, String> typo = props(1514, "json");
        typo.put("prot", "1");
        assertThatThrownBy(() -> sink(typo)).hasMessageContaining("custody.sinks[0].properties.prot");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
