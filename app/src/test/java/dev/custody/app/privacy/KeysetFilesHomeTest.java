package dev.custody.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.privacy.ErasureOutcome;
import dev.custody.domain.privacy.ErasureRequest;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code custody.home} written by the earlier version (one keyset file per keyset, fixture
 * {@code fixtures/home-keysets-as-files}) opens with this one: the personal fields it stored still decrypt, the
 * keysets move into the keyset file and the subject index files into the index log, and a subject of that time can
 * be erased.
 */
class KeysetFilesHomeTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/home-keysets-as-files");
    private static final ChainId CHAIN = ChainId.of("support", "acme");

    @TempDir
    Path home;

    private CustodyRuntime start() {
        return CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("test",
                Map.of("custody.home", home.toString(), "custody.personal-data.fields", List.of("/payload/prompt"))))),
                AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC());
    }

    @Test
    void aHomeOfTheEarlierVersion_decryptsWhatItStored_andErasesOneOfItsSubjects() throws Exception {
        copy(FIXTURE, home);
        Files.setPosixFilePermissions(home.resolve("keys/master-key.json"), PosixFilePermissions.fromString("rw-------"));
        try (CustodyRuntime runtime = start()) {
            List<AuditRecord> records = runtime.store().readRange(CHAIN, 1, 3);
            assertThat(view(runtime, records.get(0))).contains("alice prompt one");
            assertThat(view(runtime, records.get(1))).contains("bob prompt one");
            assertThat(view(runtime, records.get(2))).contains("alice prompt two");
            try (Stream<Path> keys = Files.list(home.resolve("keys"))) {
                assertThat(keys.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("master-key.json",
                        "keysets.dat", ".lock");
            }

            ErasureOutcome outcome = runtime.privacy().erasure().erase(new ErasureRequest("fixture-alice", null, "dpo"));
            try (Stream<Path> subjects = Files.list(home.resolve("subjects"))) {
                assertThat(subjects.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "index.jsonl");
            }
            assertThat(outcome).isInstanceOfSatisfying(ErasureOutcome.Erased.class,
                    e -> assertThat(e.result().get("records").toString()).contains("tenant=acme"));
            assertThat(view(runtime, records.get(0))).contains("[erased]").doesNotContain("alice prompt one");
            assertThat(view(runtime, records.get(2))).contains("[erased]");
            assertThat(view(runtime, records.get(1))).contains("bob prompt one");
            Verification v = runtime.verifier().verify(runtime.store(), CHAIN);
            assertThat(v.valid()).as(v.toString()).isTrue();
        }
        try (CustodyRuntime runtime = start()) {
            List<AuditRecord> records = runtime.store().readRange(CHAIN, 1, 3);
            assertThat(view(runtime, records.get(0))).contains("[erased]");
            assertThat(view(runtime, records.get(1))).contains("bob prompt one");
        }
    }

    private static String view(CustodyRuntime runtime, AuditRecord r) {
        return runtime.privacy().view().render(r.json(), true);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("README.md")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
