import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The manual check of the syslog sink against a real rsyslog (check.sh runs it): sends 200 records, among them
 * one of 20,932 bytes and non-ASCII text, CEF metacharacters in the action, through the shipped sink.
 * Usage: java -cp ports.jar:sink-syslog.jar RsyslogCheck.java PORT FORMAT [key=value ...]
 */
public class RsyslogCheck {

    public static void main(String[] args) throws Exception {
        ChainId chain = ChainId.of("billing", "acme");
        List<AuditRecord> records = new ArrayList<>();
        for (int seq = 1; seq <= 200; seq++) {
            String id = String.format("0190f5e2-7c1a-7b3e-8f00-%012d", seq);
            String note = seq == 100 ? "x".repeat(20_700) : "Grüße ☃ \\\"q\\\" ] \\\\ | = #" + seq;
            String outcome = seq % 10 == 0 ? "denied" : "granted";
            String json = "{\"action\":\"export|all=rows\",\"id\":\"" + id + "\",\"kind\":\"access\",\"namespace\":\"billing\","
                    + "\"outcome\":\"" + outcome + "\",\"payload\":{\"note\":\"" + note + "\"},\"seq\":" + seq
                    + ",\"tenant\":\"acme\",\"v\":1}";
            records.add(new AuditRecord(chain, seq, id, "genesis", "ab" + seq, Instant.parse("2026-12-08T10:15:30.123456Z"),
                    "access", "export|all=rows", new Ref("user", "jürgen"), new Ref("doc", "d-" + seq), outcome, null, json));
        }
        System.out.println("record 100 has " + records.get(99).json().getBytes(StandardCharsets.UTF_8).length + " bytes");
        Map<String, String> p = new HashMap<>(Map.of("host", "127.0.0.1", "port", args[0], "format", args[1],
                "hostname", "custody-check"));
        for (int i = 2; i < args.length; i++) {
            p.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("syslog")).findFirst().orElseThrow();
        ProviderContext context = ProviderContext.of(Path.of("."));
        try (AuditSink sink = provider.create(ProviderConfig.of("check.", p), context)) {
            for (int i = 0; i < records.size(); i += 50) {
                sink.deliver(chain, records.subList(i, i + 50));
            }
        }
        System.out.println("sent 200 records; oversized_records = " + context.metrics().counter("oversized_records", "").count());
    }
}
