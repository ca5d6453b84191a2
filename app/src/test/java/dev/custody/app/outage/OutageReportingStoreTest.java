package dev.custody.app.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OutageReportingStoreTest {

    static final ChainId CHAIN = ChainId.of("billing", "acme");

    final List<String> counted = new ArrayList<>();
    final StoreFailures failures = new StoreFailures(Clock.systemUTC(), Duration.ofMillis(200));

    {
        failures.listen((operation, cause) -> counted.add(operation.label() + "/" + cause.label()));
    }

    @Test
    void whatTheStoreThrows_leavesAsAnOutage_countedOnce_withItsMessageAndCause() {
        IOException emfile = new IOException("Too many open files");
        OutageReportingStore store = new OutageReportingStore(throwing(() -> new AuditStoreException("tip of x: " + emfile.getMessage(),
                emfile)), failures);

        assertThatThrownBy(() -> store.tip(CHAIN)).isInstanceOf(StoreUnavailableException.class).isInstanceOf(StoreFailedException.class)
                .hasMessage("tip of x: Too many open files").hasRootCause(emfile);
        assertThat(counted).containsExactly("tip/descriptors");
        StoreFailures.Outage outage = failures.current().orElseThrow();
        assertThat(outage.last().cause()).isEqualTo(FailureCause.DESCRIPTORS);
        assertThat(outage.operations()).containsExactly(StoreOperation.TIP);

        OutageReportingStore outer = new OutageReportingStore(store, failures);
        assertThatThrownBy(() -> outer.query(RecordQuery.builder(CHAIN).build()))
                .isInstanceOf(StoreFailedException.class);
        assertThat(counted).as("a wrapped store's report is not counted again").hasSize(2);
    }

    @Test
    void anyRuntimeExceptionOfTheStore_isAnOutage_butNotDamageOrTheCallersMistakes() {
        assertThatThrownBy(() -> new OutageReportingStore(throwing(() -> new IllegalStateException("bug")), failures).chains())
                .isInstanceOf(StoreFailedException.class);
        assertThatThrownBy(() -> new OutageReportingStore(throwing(() -> new UncheckedIOException(new IOException("EIO"))), failures)
                .chains()).isInstanceOf(StoreFailedException.class);
        ChainUnreadableException damaged = new ChainUnreadableException(CHAIN, 3, "line 3 does not decode", null);
        assertThatThrownBy(() -> new OutageReportingStore(throwing(() -> damaged), failures).tip(CHAIN)).isSameAs(damaged);
        IllegalArgumentException mistake = new IllegalArgumentException("fromSeq < 1");
        assertThatThrownBy(() -> new OutageReportingStore(throwing(() -> mistake), failures).tip(CHAIN)).isSameAs(mistake);
        assertThat(counted).containsExactly("list/other", "list/io");
    }

    @Test
    void aStreamThatFailsWhileRead_isAnOutage_butWhatItsConsumerThrowsIsTheConsumers() {
        MemoryAuditStore memory = new MemoryAuditStore();
        try (ChainAppender appender = new ChainAppender(memory, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                appender.append(AuditEvent.builder(CHAIN).kind("decision").action("a" + i).actor("user", "u")
                        .resource("loan", "l").outcome("ok").build());
            }
        }
        AuditStore failsAtSeq2 = new AuditStore() {
            @Override public Set<StoreCapability> capabilities() { return memory.capabilities(); }
            @Override public ChainTip tip(ChainId chain) { return memory.tip(chain); }
            @Override public dev.custody.ports.AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                return memory.append(chain, expected, batch);
            }
            @Override public RecordPage query(RecordQuery query) { return memory.query(query); }
            @Override public Set<ChainId> chains() { return memory.chains(); }
            @Override public void close() { }
            @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
                return memory.stream(chain, fromSeq, toSeq).peek(r -> {
                    if (r.seq() == 2) {
                        throw new UncheckedIOException(new IOException("No space left on device"));
                    }
                });
            }
        };
        OutageReportingStore store = new OutageReportingStore(failsAtSeq2, failures);
        try (Stream<AuditRecord> s = store.stream(CHAIN)) {
            assertThatThrownBy(s::toList).isInstanceOf(StoreFailedException.class).hasMessageContaining("No space left");
        }
        assertThat(counted).containsExactly("read/disk_full");

        OutageReportingStore healthy = new OutageReportingStore(memory, failures);
        IllegalStateException mine = new IllegalStateException("the consumer's own");
        try (Stream<AuditRecord> s = healthy.stream(CHAIN)) {
            assertThatThrownBy(() -> s.forEach(r -> {
                throw mine;
            })).isSameAs(mine);
        }
        try (Stream<AuditRecord> s = healthy.stream(CHAIN)) {
            assertThat(s.map(AuditRecord::seq).toList()).containsExactly(1L, 2L, 3L);
        }
        assertThat(counted).hasSize(1);
    }

    @Test
    void whatTheEncoderOfASerializedAppendThrows_isTheCallers_whatTheStoreThrowsIsAnOutage() {
        AuditStore serializing = new AuditStore() {
            @Override public Set<StoreCapability> capabilities() { return Set.of(StoreCapability.SERIALIZED_APPEND); }
            @Override public ChainTip tip(ChainId chain) { return ChainTip.GENESIS; }
            @Override public dev.custody.ports.AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                throw new UnsupportedOperationException();
            }
            @Override public List<AuditRecord> appendSerialized(ChainId chain,
                    java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
                if (encode.apply(ChainTip.GENESIS).isEmpty()) {
                    throw new AuditStoreException("append to " + chain + ": cannot write", new IOException("No space left on device"));
                }
                return List.of();
            }
            @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) { return Stream.empty(); }
            @Override public RecordPage query(RecordQuery query) { return new RecordPage(List.of(), 0); }
            @Override public Set<ChainId> chains() { return Set.of(); }
            @Override public void close() { }
        };
        OutageReportingStore store = new OutageReportingStore(serializing, failures);
        IllegalStateException encoder = new IllegalStateException("cannot encode");
        assertThatThrownBy(() -> store.appendSerialized(CHAIN, tip -> {
            throw encoder;
        })).isSameAs(encoder);
        assertThat(counted).isEmpty();
        assertThatThrownBy(() -> store.appendSerialized(CHAIN, tip -> List.of())).isInstanceOf(StoreFailedException.class);
        assertThat(counted).containsExactly("append/disk_full");
    }

    @Test
    void theOutageEnds_onceNoFailureHasComeForTheWindow() throws InterruptedException {
        OutageReportingStore store = new OutageReportingStore(throwing(() -> new StoreUnavailableException("refused")), failures);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> store.tip(CHAIN)).isInstanceOf(StoreUnavailableException.class);
            Thread.sleep(100);
        }
        StoreFailures.Outage outage = failures.current().orElseThrow();
        assertThat(outage.failures()).as("failures less than the window apart make one outage").isEqualTo(3);
        Thread.sleep(250);
        assertThat(failures.current()).isEmpty();
        assertThatThrownBy(() -> store.tip(CHAIN)).isInstanceOf(StoreUnavailableException.class);
        assertThat(failures.current().orElseThrow().failures()).as("a new outage").isEqualTo(1);
    }

    /** A store every call of which throws what {@code failure} makes. */
    private static AuditStore throwing(Supplier<RuntimeException> failure) {
        return new AuditStore() {
            @Override public Set<StoreCapability> capabilities() { throw failure.get(); }
            @Override public ChainTip tip(ChainId chain) { throw failure.get(); }
            @Override public dev.custody.ports.AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                throw failure.get();
            }
            @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) { throw failure.get(); }
            @Override public RecordPage query(RecordQuery query) { throw failure.get(); }
            @Override public Set<ChainId> chains() { throw failure.get(); }
            @Override public void close() { }
        };
    }
}
