package dev.custody.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.ChainId;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subject index as one log: what survives a restart or a crash, and the one-file-per-subject form it replaces. */
class SubjectIndexTest {

    private static final String A = "0123456789abcdef0123456789abcdef";
    private static final String B = "fedcba9876543210fedcba9876543210";
    private static final ChainId ACME = ChainId.of("support", "acme");
    private static final ChainId GLOBEX = ChainId.of("support", "globex");

    @TempDir
    Path home;

    private Path dir() {
        return home.resolve("subjects");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aThousandSubjects_areOneFile_andSurviveARestart() throws Exception {
        try (SubjectIndex index = new SubjectIndex(dir())) {
            index.batch(() -> {
                for (int i = 0; i < 1000; i++) {
                    index.addChain(String.format("%032x", i), ACME);
                }
                return null;
            });
            index.addChain(A, ACME);
            index.addChain(A, GLOBEX);
            index.addChain(A, ACME);   // known: nothing written
            index.put(B, new SubjectIndex.Entry(List.of("support/acme"), null, Map.of("erasure_id", "e-1")));
        }
        assertThat(files()).containsExactly(".lock", "index.jsonl");
        try (SubjectIndex index = new SubjectIndex(dir())) {
            assertThat(index.get(String.format("%032x", 999))).hasValueSatisfying(e -> assertThat(e.chains())
                    .containsExactly("support/acme"));
            assertThat(index.get(A).orElseThrow().chains()).containsExactly("support/acme", "support/globex");
            assertThat(index.get(B).orElseThrow().erasure()).isEqualTo(Map.of("erasure_id", "e-1"));
            index.addChain(B, ACME);   // written again after its erasure: a new entry
            assertThat(index.get(B).orElseThrow().erasure()).isNull();
        }
        assertThat(Files.readAllLines(dir().resolve("index.jsonl"))).hasSize(1004);
    }

    @Test
    void aTornLastLine_isCut_butDamageBeforeTheEnd_isRefused() throws Exception {
        try (SubjectIndex index = new SubjectIndex(dir())) {
            index.addChain(A, ACME);
        }
        Path log = dir().resolve("index.jsonl");
        long size = Files.size(log);
        Files.writeString(log, "{\"chains\":[\"support/glo", StandardOpenOption.APPEND);
        try (SubjectIndex index = new SubjectIndex(dir())) {
            assertThat(index.get(A)).isPresent();
        }
        assertThat(Files.size(log)).isEqualTo(size);

        Files.writeString(log, "not json\n" + Files.readString(log));
        assertThatThrownBy(() -> new SubjectIndex(dir()).get(A)).isInstanceOf(UncheckedIOException.class)
                .cause().hasMessage(log + ": the line at byte 0 is not an index entry, and more follow; that is not a torn "
                        + "write, so nothing was cut");
    }

    @Test
    void theFilesOfEarlierVersions_moveIntoTheLog() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve(A + ".json"), "{\"chains\":[\"support/acme\"]}", StandardCharsets.UTF_8);
        Files.writeString(dir().resolve(B + ".json"), "{\"chains\":[\"support/acme\"],\"erasure\":{\"erasure_id\":\"e-9\"}}");
        Files.writeString(dir().resolve("." + B + ".json.tmp"), "{\"chains\":[]}");
        try (SubjectIndex index = new SubjectIndex(dir())) {
            assertThat(index.get(A).orElseThrow().chains()).containsExactly("support/acme");
            assertThat(index.get(B).orElseThrow().erasure()).isEqualTo(Map.of("erasure_id", "e-9"));
        }
        assertThat(files()).containsExactly(".lock", "index.jsonl");
        try (SubjectIndex index = new SubjectIndex(dir())) {
            assertThat(index.get(A)).isPresent();
        }
    }

    @Test
    void aLogMostlySuperseded_isRewrittenAtOpen() throws Exception {
        try (SubjectIndex index = new SubjectIndex(dir())) {
            index.batch(() -> {
                for (int i = 0; i < 1500; i++) {
                    index.put(A, new SubjectIndex.Entry(List.of("support/acme"), Map.of("n", i), null));
                }
                return null;
            });
            index.addChain(B, GLOBEX);
        }
        try (SubjectIndex index = new SubjectIndex(dir())) {
            assertThat(index.get(A).orElseThrow().pending()).isEqualTo(Map.of("n", 1499L));
        }
        assertThat(Files.readAllLines(dir().resolve("index.jsonl"))).hasSize(2);
        assertThat(files()).containsExactly(".lock", "index.jsonl");
    }

    @Test
    void oneIndexAtATime_writesTheDirectory() {
        try (SubjectIndex first = new SubjectIndex(dir())) {
            first.addChain(A, ACME);
            SubjectIndex second = new SubjectIndex(dir());
            assertThatThrownBy(() -> second.addChain(B, ACME)).isInstanceOf(UncheckedIOException.class).cause()
                    .hasMessageContaining("the subject index " + dir() + " is in use by another Custody process");
        }
        try (SubjectIndex again = new SubjectIndex(dir())) {
            assertThat(again.get(A)).isPresent();
        }
    }
}
