package dev.custody.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.privacy.ErasureOutcome;
import dev.custody.domain.privacy.ErasureRequest;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "every new subject_id creates two keyset files (a 1,000-event batch: 2.3 s, 38 → 2,038 files)": a batch of
 * 1,000 events with distinct subjects adds no file to the key directory nor to the subject index, only ~420 bytes of
 * keys per subject to one file, and every subject's fields still decrypt and erase.
 */
class SubjectKeyFilesTest {

    private static final ChainId CHAIN = ChainId.of("support", "acme");

    @TempDir
    Path home;

    private CustodyRuntime start() {
        return CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("test",
                Map.of("custody.home", home.toString(), "custody.personal-data.fields", List.of("/payload/prompt"))))),
                AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC());
    }

    @Test
    void aBatchOfAThousandNewSubjects_addsNoKeyFile_andEverySubjectStillDecryptsAndErases() throws Exception {
        List<AuditRecord> stored;
        try (CustodyRuntime runtime = start()) {
            runtime.appender().append(event("warm-up-subject", 0));
            List<String> before = files(home.resolve("keys"));
            List<String> subjectsBefore = files(home.resolve("subjects"));
            long bytesBefore = bytes(home.resolve("keys"));
            List<AuditEvent> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(event("subject-" + i, i));
            }
            stored = runtime.appender().append(batch);

            assertThat(files(home.resolve("keys"))).as("the key directory's files").isEqualTo(before);
            assertThat(files(home.resolve("subjects"))).as("the subject index's files").isEqualTo(subjectsBefore);
            assertThat((bytes(home.resolve("keys")) - bytesBefore) / 1000.0).as("bytes of keys per new subject").isLessThan(500);
            assertThat(runtime.privacy().view().render(stored.get(417).json(), true)).contains("prompt of 417");

            ErasureOutcome erased = runtime.privacy().erasure().erase(new ErasureRequest("subject-417", null, "dpo"));
            assertThat(erased).isInstanceOf(ErasureOutcome.Erased.class);
            assertThat(runtime.privacy().view().render(stored.get(417).json(), true)).doesNotContain("prompt of 417")
                    .contains("[erased]");
        }
        try (CustodyRuntime runtime = start()) {
            assertThat(runtime.privacy().view().render(stored.get(418).json(), true)).contains("prompt of 418");
            assertThat(runtime.privacy().view().render(stored.get(417).json(), true)).contains("[erased]");
        }
    }

    private static AuditEvent event(String subject, int i) {
        return AuditEvent.builder(CHAIN).kind("llm_call").action("chat").actor("service", "bot").outcome("ok")
                .subjectId(subject).payload(Map.of("prompt", "prompt of " + i)).build();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }
}
