package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custody gdpr erase} over a real file store and tink key store, with minimisation configured too:
 * the same composition root as the service.
 */
class GdprCommandTest {

    private static final ChainId CHAIN = ChainId.of("support", "acme");
    private static final String SUBJECT = "cli-subject-51ab";
    private static final String SECRET = "cli secret prompt 93f0";

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private Path config() throws Exception {
        return Files.writeString(tmp.resolve("custody.yml"), "custody:\n  home: " + home + "\n"
                + "  personal-data:\n    fields: [/payload/prompt]\n"
                + "  minimisation:\n    llm_call:\n      deny: [/payload/debug]\n    redactors: [card-numbers]\n");
    }

    @Test
    void erase_printsTheResult_isIdempotent_andUnknownSubjectsExit3() throws Exception {
        Path config = config();
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", Map.of("custody.home", home.toString(),
                        "custody.personal-data.fields", List.of("/payload/prompt"),
                        "custody.minimisation.llm_call.deny", List.of("/payload/debug"),
                        "custody.minimisation.redactors", List.of("card-numbers"))))),
                AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC())) {
            AuditRecord r = runtime.appender().append(AuditEvent.builder(CHAIN).kind("llm_call").action("chat")
                    .actor("service", "bot").outcome("ok").subjectId(SUBJECT)
                    .payload(Map.of("prompt", SECRET, "debug", "trace-1", "note", "card 4111 1111 1111 1111")).build());
            assertThat(r.json()).doesNotContain(SECRET, SUBJECT, "trace-1", "4111 1111").contains("************1111");
        }

        Cli.Result unknown = Cli.run("gdpr", "erase", "--config", config.toString(), "--subject-id", "nobody",
                "--requested-by", "dpo");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("unknown subject");

        Cli.Result bad = Cli.run("gdpr", "erase", "--config", config.toString(), "--subject-id", SUBJECT,
                "--requested-by", "on behalf of " + SUBJECT);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("requested_by");

        Cli.Result first = Cli.run("gdpr", "erase", "--config", config.toString(), "--subject-id", SUBJECT,
                "--requested-by", "dpo-ticket-9", "--reason", "consent_withdrawn");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(first.out());
        assertThat(result.get("reason").asText()).isEqualTo("consent_withdrawn");
        assertThat(result.get("records")).hasSize(1);
        assertThat(first.out()).doesNotContain(SUBJECT);

        Cli.Result second = Cli.run("gdpr", "erase", "--config", config.toString(), "--subject-id", SUBJECT,
                "--requested-by", "dpo-ticket-9");
        assertThat(second.code()).isZero();
        assertThat(second.out()).isEqualTo(first.out());

        Cli.Result verify = Cli.run("verify", "--config", config.toString(), "--namespace", "support", "--tenant", "acme");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(SUBJECT, SECRET);
            }
        }
    }

    @Test
    void erase_withPersonalDataOff_failsWithOneLine() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain.yml"), "custody:\n  home: " + home + "\n");
        Cli.Result r = Cli.run("gdpr", "erase", "--config", plain.toString(), "--subject-id", "x", "--requested-by", "dpo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("personal-data protection is off");
    }
}
