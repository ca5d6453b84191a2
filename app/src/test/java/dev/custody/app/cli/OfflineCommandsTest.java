package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export and verify over a real file store that the test first fills through a {@link CustodyRuntime}. */
class OfflineCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private final List<AuditRecord> stored = new ArrayList<>();

    @BeforeEach
    void appendRecords() {
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", Map.of("custody.home", home.toString())))), AppendListener.NONE,
                getClass().getClassLoader(), Clock.systemUTC())) {
            for (int b = 0; b < 5; b++) {
                List<AuditEvent> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(AuditEvent.builder(CHAIN).kind("decision").action("loan.approve").actor("service", "scorer-7")
                            .resource("application", "app-" + (b * 5 + i)).outcome("approved")
                            .payload(Map.of("score", 0.5 + i / 10.0, "note", "Grüße ✓")).build());
                }
                stored.addAll(runtime.appender().append(batch));
            }
            runtime.appender().append(List.of(AuditEvent.builder(ChainId.of("billing", "other")).kind("access")
                    .action("read").actor("user", "u1").outcome("ok").build()));
        }
    }

    @Test
    void export_writesTheStoredJsonExactlyInSeqOrder() {
        Cli.Result r = Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactlyElementsOf(stored.stream().map(AuditRecord::json).toList());
        assertThat(r.out()).endsWith("\n");
    }

    @Test
    void exportToFile_thenVerifyExport_isValid() throws Exception {
        Path file = tmp.resolve("acme.ndjson");
        Cli.Result r = Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--output", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        StringBuilder expected = new StringBuilder();
        stored.forEach(s -> expected.append(s.json()).append('\n'));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("an export holds the stored records: owner-only whatever the umask").isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(file);
        }
        assertThat(Cli.run("verify-export", file.toString()).code()).isZero();
    }

    @Test
    void exportToMissingDirectory_exits2WithOneLine() {
        Path file = tmp.resolve("no/such/dir/acme.ndjson");
        Cli.Result r = Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--output", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("custody: cannot write the export to " + file + ": no such directory");
    }

    @Test
    void verify_intactChain_exits0() throws Exception {
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("valid").asBoolean()).isTrue();
        assertThat(v.get("records_checked").asLong()).isEqualTo(25);
        assertThat(v.get("first_record_id").asText()).isEqualTo(stored.get(0).id());
        assertThat(v.get("last_record_id").asText()).isEqualTo(stored.get(24).id());
        assertThat(r.outLines()).hasSize(1);
    }

    @Test
    void verify_range_checksOnlyThoseRecords() throws Exception {
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--from-seq", "5", "--to-seq", "10");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("records_checked").asLong()).isEqualTo(6);
        assertThat(v.get("first_record_id").asText()).isEqualTo(stored.get(4).id());
    }

    @Test
    void verify_afterOneByteChangedOnDisk_exits1NamingTheRecord() throws Exception {
        Path file;
        try (Stream<Path> files = Files.walk(home.resolve("records").resolve("billing").resolve("acme"))) {
            file = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(25);
        String victim = lines.get(9);
        assertThat(victim).contains("\"outcome\":\"approved\"");
        lines.set(9, victim.replace("\"outcome\":\"approved\"", "\"outcome\":\"approvee\""));
        Files.write(file, lines, StandardCharsets.UTF_8);

        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("valid").asBoolean()).isFalse();
        assertThat(v.get("first_broken_at").asText()).isEqualTo(stored.get(9).id());
        assertThat(v.get("records_checked").asLong()).isEqualTo(10);
        assertThat(v.get("reason").asText()).contains("record_hash");
    }

    @Test
    void verifyAndExport_unknownChain_exit2() {
        for (String command : List.of("verify", "export")) {
            Cli.Result r = Cli.run(command, "--namespace", "billing", "--tenant", "nobody", "--data-dir", home.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).containsExactly("custody: no such chain billing/nobody in the file store");
        }
    }

    @Test
    void configFile_setsHome_andDataDirOverridesIt() throws Exception {
        Path config = Files.writeString(tmp.resolve("custody.yml"), "custody:\n  home: " + home + "\n");
        Cli.Result fromFile = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", config.toString());
        assertThat(fromFile.code()).as(fromFile.err()).isZero();

        Path empty = Files.createDirectory(tmp.resolve("empty-home"));
        Cli.Result overridden = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", config.toString(),
                "--data-dir", empty.toString());
        assertThat(overridden.code()).isEqualTo(2);
        assertThat(overridden.errLines()).containsExactly("custody: no Custody store at " + empty.resolve("records")
                + " (check --data-dir, --config or custody.storage.primary.properties.dir)");
        try (Stream<Path> left = Files.list(empty)) {
            assertThat(left).as("nothing created in the directory").isEmpty();
        }
    }

    @Test
    void readOnlyCommands_atAPathWithNoStore_exit2NamingIt_andCreateNothing() {
        Path typo = tmp.resolve("no-such-dir");
        for (List<String> command : List.of(List.of("verify", "--namespace", "x", "--tenant", "y"),
                List.of("export", "--namespace", "x", "--tenant", "y"), List.of("keys", "status"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--data-dir", typo.toString()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(2);
            assertThat(r.errLines()).as(command.toString())
                    .containsExactly("custody: no Custody data directory at " + typo + " (check --data-dir or custody.home)");
            assertThat(typo).as(command + " leaves no store and no key behind").doesNotExist();
        }
    }

    @Test
    void readOnlyCommands_onAStore_changeNothing_butTheAccessChainTheyReportTo() throws Exception {
        Map<Path, String> before = tree(home);
        for (List<String> command : List.of(List.of("verify", "--namespace", "billing", "--tenant", "acme"),
                List.of("export", "--namespace", "billing", "--tenant", "acme"), List.of("keys", "status"),
                List.of("verify", "--namespace", "billing", "--tenant", "nobody"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--data-dir", home.toString()));
            Cli.run(args.toArray(String[]::new));
        }
        Map<Path, String> after = tree(home);
        assertThat(after.keySet()).as("no access chain for the tenant of a chain that does not exist")
                .noneMatch(p -> p.startsWith(Path.of("records", "custody.access", "nobody")));
        after.keySet().removeIf(p -> p.startsWith(Path.of("records", "custody.access")));
        before.keySet().removeIf(p -> p.startsWith(Path.of("records", "custody.access")));
        assertThat(after).as("every file but the access chain's, byte for byte").isEqualTo(before);
    }

    /** Every regular file below {@code root}, relative, with the SHA-256 of its content. */
    private static Map<Path, String> tree(Path root) throws Exception {
        Map<Path, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    @Test
    void invalidConfigValue_exits2WithOneLineNamingKeyAndValue() throws Exception {
        Path config = Files.writeString(tmp.resolve("bogus.yml"), "custody:\n  compliance:\n    mode: bogus\n");
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", config.toString(),
                "--data-dir", home.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly(
                "custody: Invalid value for custody.compliance.mode=bogus: must be one of none, soc2, hipaa");
    }

    @Test
    void badYaml_exits2WithOneLineNamingTheFile() throws Exception {
        Path config = Files.writeString(tmp.resolve("broken.yml"), "custody:\n  home: [unclosed\n  compliance: {\n");
        Cli.Result r = Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("custody: invalid YAML in config file " + config + ": ");
    }

    @Test
    void missingOrNonMappingConfigFile_exits2() throws Exception {
        Path missing = tmp.resolve("missing.yml");
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("custody: cannot read config file " + missing + ": no such file");

        Path scalar = Files.writeString(tmp.resolve("scalar.yml"), "just a string\n");
        Cli.Result s = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", scalar.toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.errLines()).hasSize(1);
        assertThat(s.errLines().get(0)).contains(scalar.toString(), "YAML mapping");
    }

    @Test
    void verifyAndExport_recordTheReadOnTheAccessChain_withTheOsUserAndPurpose() throws Exception {
        assertThat(Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--from-seq", "3", "--purpose", "SOC 2 evidence AUD-7").code()).isZero();
        Path file = tmp.resolve("acme.ndjson");
        assertThat(Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--output", file.toString(), "--purpose", "litigation hold 12").code()).isZero();
        assertThat(Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString()).code()).isZero();

        List<JsonNode> access = accessRecords();
        assertThat(access).hasSize(3);
        for (JsonNode r : access) {
            assertThat(r.get("kind").asText()).isEqualTo("access");
            assertThat(r.get("outcome").asText()).isEqualTo("granted");
            assertThat(r.get("actor").get("type").asText()).isEqualTo("cli");
            assertThat(r.get("actor").get("id").asText()).isEqualTo(System.getProperty("user.name"));
            assertThat(r.get("resource").get("id").asText()).isEqualTo("billing/acme");
        }
        assertThat(access.get(0).get("action").asText()).isEqualTo("cli.verify");
        assertThat(access.get(0).get("payload").get("records").asLong()).isEqualTo(23);
        assertThat(access.get(0).get("payload").get("filters").get("from_seq").asLong()).isEqualTo(3);
        assertThat(access.get(0).get("payload").get("purpose").asText()).isEqualTo("SOC 2 evidence AUD-7");
        assertThat(access.get(1).get("action").asText()).isEqualTo("cli.export");
        assertThat(access.get(1).get("payload").get("records").asLong()).isEqualTo(25);
        assertThat(access.get(1).get("payload").get("purpose").asText()).isEqualTo("litigation hold 12");
        assertThat(access.get(2).get("payload").has("purpose")).isFalse();
        assertThat(Cli.run("verify", "--namespace", "custody.access", "--tenant", "acme", "--data-dir", home.toString())
                .code()).as("the access chain verifies").isZero();
    }

    @Test
    void exportThatFails_isRecordedIncomplete_andABadPurposeReadsNothing() throws Exception {
        Path file = tmp.resolve("no/such/dir/acme.ndjson");
        assertThat(Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                "--output", file.toString()).code()).isEqualTo(2);
        List<JsonNode> access = accessRecords();
        assertThat(access).hasSize(1);
        assertThat(access.get(0).get("outcome").asText()).isEqualTo("incomplete");
        assertThat(access.get(0).get("payload").get("reason").asText()).isNotBlank();

        for (String bad : List.of("line\nbreak", "x".repeat(201), " ")) {
            Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--data-dir", home.toString(),
                    "--purpose", bad);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--purpose");
        }
        assertThat(accessRecords()).hasSize(1);
    }

    private List<JsonNode> accessRecords() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", Map.of("custody.home", home.toString())))), AppendListener.NONE,
                getClass().getClassLoader(), Clock.systemUTC());
                Stream<String> lines = runtime.store().streamJson(ChainId.of("custody.access", "acme"), 1, Long.MAX_VALUE)) {
            for (String line : lines.toList()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
