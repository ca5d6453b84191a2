package dev.custody.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.InvalidEventException;
import dev.custody.domain.json.Json;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.SubjectDataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-subject encryption before hashing, reader views and erasure, on the memory store with real AES-GCM/HMAC. */
class PersonalDataErasureTest {

    private static final ChainId CHAIN = ChainId.of("support", "t1");
    private static final String SUBJECT = "alice-7f3d-subject";
    private static final String PROMPT = "my secret prompt 8c1e";

    @TempDir
    Path home;

    private final JceKeyStore keyStore = new JceKeyStore();
    private final SubjectKeys keys = new SubjectKeys(keyStore);
    private final MemoryAuditStore store = new MemoryAuditStore();
    private final MapStore checkpoints = new MapStore();
    private SubjectIndex index;
    private ChainAppender appender;
    private ErasureService erasure;
    private RecordView view;

    private void start() {
        index = new SubjectIndex(home.resolve("subjects"));
        PersonalDataProtector protector = new PersonalDataProtector(true, List.of(PayloadPointer.parse("/payload/prompt")),
                Minimiser.NONE, keys, index);
        appender = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT, AppendListener.NONE, protector);
        erasure = new ErasureService(keys, index, store, appender, List.of(checkpoints), SubjectDataListener.NONE, Clock.systemUTC());
        view = new RecordView(keys);
    }

    @AfterEach
    void close() {
        if (appender != null) {
            appender.close();
        }
    }

    private AuditRecord append(String subject, Map<String, Object> payload) {
        return appender.append(AuditEvent.builder(CHAIN).kind("llm_call").action("chat").actor("service", "bot")
                .outcome("ok").subjectId(subject).payload(payload).build());
    }

    @Test
    void personalFields_areEncryptedBeforeHashing_andTheSubjectIdIsAKeyedPseudonym() {
        start();
        AuditRecord r = append(SUBJECT, Map.of("prompt", PROMPT, "tokens", 3L));
        assertThat(r.json()).doesNotContain(PROMPT, SUBJECT).contains("\"enc\":\"custody.v1\"", "\"tokens\":3");
        assertThat(r.subjectId()).matches("p1:[0-9a-f]{32}").isEqualTo(keys.recordPseudonym(SUBJECT).orElseThrow());
        assertThat(new ChainVerifier().verify(store, CHAIN).valid()).isTrue();

        assertThat(view.render(r.json(), true)).contains("\"prompt\":\"" + PROMPT + "\"");
        assertThat(view.render(r.json(), false)).isEqualTo(r.json());
        AuditRecord second = append(SUBJECT, Map.of("prompt", "other"));
        assertThat(second.subjectId()).isEqualTo(r.subjectId());
        // a sealed field moved into another record does not open there (associated data binds record id and field)
        Object sealed = ((Map<?, ?>) ((Map<?, ?>) Json.parse(r.json())).get("payload")).get("prompt");
        String moved = second.json().replaceFirst("\\{\"ct\":\"[^\"]+\",\"enc\":\"custody.v1\"\\}",
                dev.custody.domain.json.Jcs.canonicalize(sealed));
        assertThat(view.render(moved, true)).doesNotContain(PROMPT);
    }

    @Test
    void aPersonalFieldWithoutSubject_isRefused() {
        start();
        assertThatThrownBy(() -> append(null, Map.of("prompt", PROMPT))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("/subject_id");
        assertThat(append(null, Map.of("tokens", 1L)).json()).doesNotContain("subject_id");
    }

    @Test
    void erasure_shredsTheFields_deletesSubjectData_recordsItOnce_andIsIdempotent() throws IOException {
        start();
        AuditRecord r = append(SUBJECT, Map.of("prompt", PROMPT));
        append("bob", Map.of("prompt", "bob's prompt"));
        checkpoints.put(erasure.subjectKey(SUBJECT), "thread-1", PROMPT, Instant.now());
        assertThat(erasure.erase(new ErasureRequest("never-seen", null, "dpo"))).isInstanceOf(ErasureOutcome.UnknownSubject.class);

        ErasureOutcome first = erasure.erase(new ErasureRequest(SUBJECT, null, "dpo-1"));
        assertThat(first).isInstanceOf(ErasureOutcome.Erased.class);
        ErasureOutcome.Erased done = (ErasureOutcome.Erased) first;
        assertThat(done.performedNow()).isTrue();
        assertThat(done.result().get("reason")).isEqualTo(ErasureRequest.DEFAULT_REASON);
        assertThat(view.render(r.json(), true)).contains("\"prompt\":\"[erased]\"").doesNotContain(PROMPT);
        assertThat(keys.recordPseudonym(SUBJECT)).isEmpty();
        assertThat(checkpoints.count(erasure.subjectKey(SUBJECT))).isZero();
        List<AuditRecord> all = store.readRange(CHAIN, 1, 10);
        assertThat(all).hasSize(3);
        AuditRecord logged = all.get(2);
        assertThat(logged.kind()).isEqualTo("gdpr_erasure");
        assertThat(logged.json()).contains("\"subject_pseudonym\":\"hmac-sha256:" + erasure.subjectKey(SUBJECT) + "\"")
                .contains("\"requested_by\":\"dpo-1\"").doesNotContain(SUBJECT);
        assertThat(new ChainVerifier().verify(store, CHAIN).valid()).isTrue();
        assertThat(view.render(all.get(1).json(), true)).as("bob stays readable").contains("bob's prompt");

        ErasureOutcome.Erased again = (ErasureOutcome.Erased) erasure.erase(new ErasureRequest(SUBJECT, "other", "dpo-2"));
        assertThat(again.performedNow()).isFalse();
        assertThat(again.result()).isEqualTo(done.result());
        assertThat(store.readRange(CHAIN, 1, 10)).hasSize(3);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).doesNotContain(SUBJECT, PROMPT);
            }
        }
    }

    @Test
    void erasureRequests_mustNotCarryTheSubjectIdInRecordedFields() {
        assertThatThrownBy(() -> new ErasureRequest(SUBJECT, null, "ticket for " + SUBJECT))
                .hasMessageStartingWith("requested_by:");
        assertThatThrownBy(() -> new ErasureRequest(SUBJECT, "because " + SUBJECT, "dpo")).hasMessageStartingWith("reason:");
        assertThatThrownBy(() -> new ErasureRequest(" ", null, "dpo")).hasMessageStartingWith("subject_id:");
        assertThat(new ErasureRequest(SUBJECT, null, "dpo").toString()).doesNotContain(SUBJECT);
    }

    /** A subject data store in memory (the Redis one is tested against Redis in adapters-redis-hot). */
    static final class MapStore implements SubjectDataStore {
        final Map<String, String> items = new ConcurrentHashMap<>();

        @Override
        public String dataType() {
            return "conversation_checkpoints";
        }

        @Override
        public void put(String subjectKey, String itemId, String data, Instant at) {
            items.put(subjectKey + ":" + itemId, data);
        }

        @Override
        public Optional<String> get(String subjectKey, String itemId) {
            return Optional.ofNullable(items.get(subjectKey + ":" + itemId));
        }

        @Override
        public long count(String subjectKey) {
            return items.keySet().stream().filter(k -> k.startsWith(subjectKey + ":")).count();
        }

        @Override
        public long deleteSubject(String subjectKey) {
            long n = count(subjectKey);
            items.keySet().removeIf(k -> k.startsWith(subjectKey + ":"));
            return n;
        }

        @Override
        public long deleteInactiveBefore(Instant cutoff) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }
}
