package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custody retention run [--dry-run]} on the file backend, whose records were written years ago: a dry run
 * reports the expired prefix and changes nothing, a run purges it (ADR 0074); {@code hipaa} refuses with
 * COMPLIANCE_VIOLATION.
 */
class RetentionCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    @BeforeEach
    void appendOldRecords() {
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", Map.of("custody.home", home.toString())))), AppendListener.NONE,
                getClass().getClassLoader(), Clock.fixed(Instant.parse("2019-01-01T00:00:00Z"), ZoneOffset.UTC))) {
            for (int i = 0; i < 3; i++) {
                runtime.appender().append(List.of(AuditEvent.builder(CHAIN).kind("decision").action("a").actor("user", "u")
                        .outcome("ok").build()));
            }
        }
    }

    @Test
    void dryRunAndRun_onTheFileBackend_purgeTheExpiredPrefix() throws Exception {
        Path config = config("soc2");

        Cli.Result dry = Cli.run("retention", "run", "--dry-run", "--config", config.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        Map<?, ?> d = JSON.readValue(dry.out(), Map.class);
        assertThat(d.get("dry_run")).isEqualTo(true);
        assertThat(d.toString()).doesNotContain("PURGE_BEFORE_SEQ");
        assertThat(((Map<?, ?>) ((Map<?, ?>) d.get("deleted")).get("warm")).get("decision")).isEqualTo(2);
        assertThat(d.get("record")).isNull();
        assertThat(lines()).as("a dry run changes nothing").isEqualTo(3);

        Cli.Result run = Cli.run("retention", "run", "--config", config.toString());
        assertThat(run.code()).as(run.err()).isZero();
        Map<?, ?> r = JSON.readValue(run.out(), Map.class);
        assertThat(((Map<?, ?>) r.get("record")).get("tenant")).isEqualTo("acme");
        assertThat(r.get("deleted")).isEqualTo(d.get("deleted"));
        assertThat(lines()).as("the tip stays; the two records before it are gone from disk").isEqualTo(1);
    }

    /** The lines of every day file of billing/acme under the home. */
    private long lines() throws Exception {
        try (Stream<Path> files = Files.walk(home)) {
            long n = 0;
            for (Path f : files.filter(p -> p.getParent().endsWith(Path.of("billing", "acme"))
                    && p.getFileName().toString().endsWith(".jsonl")).toList()) {
                n += Files.readAllLines(f).size();
            }
            return n;
        }
    }

    @Test
    void hipaa_exitsWithComplianceViolation() throws Exception {
        Cli.Result r = Cli.run("retention", "run", "--dry-run", "--config", config("hipaa").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("COMPLIANCE_VIOLATION").contains("nothing was deleted");
    }

    private Path config(String mode) throws Exception {
        Path config = tmp.resolve("custody-" + mode + ".yml");
        Files.writeString(config, """
                custody:
                  home: %s
                  compliance:
                    mode: %s
                  retention:
                    schedule: "0 0 3 * * *"
                    batch-size: 500
                    policies:
                      - namespace: billing
                        delete-after: P1Y
                """.formatted(home.toString(), mode));
        return config;
    }
}
