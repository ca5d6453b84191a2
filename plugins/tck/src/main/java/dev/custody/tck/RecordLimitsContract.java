package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves that the store reads back every record ingest may accept under any configuration
 * ({@link RecordLimits#MAX}): a 16 MiB record whose member name and string fill it, a record nested
 * {@link RecordLimits#CEILING_DEPTH} levels, and one with 100,000 members are appended, then returned byte for
 * byte by {@code stream}, {@code streamJson}, {@code query} and {@code findById}, also after a reopen for a
 * {@link StoreCapability#DURABLE} store, and the chain verifies. A store whose reader has lower limits than ingest
 * (a JSON library's defaults) fails here instead of in production, where one accepted event would make the chain,
 * or the store, unreadable.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class RecordLimitsContract extends StoreContract {

    @Test
    public void recordsAtEveryCeiling_areReadBackByteForByte_alsoAfterAReopen() {
        ChainId chain = newChain();
        List<AuditRecord> stored = new ArrayList<>();
        for (AuditEvent e : List.of(filling(chain), deepest(chain), manyMembers(chain))) {
            ChainTip tip = store.tip(chain);
            List<AuditRecord> one = new RecordEncoder(new EventLimits(RecordLimits.MAX), Clock.fixed(now(), ZoneOffset.UTC))
                    .encodeEvents(tip, List.of(e));
            appended(chain, tip, one);
            stored.addAll(one);
        }
        assertThat(stored.get(0).json().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(RecordLimits.MAX.maxRecordBytes() - 4096).isLessThanOrEqualTo(RecordLimits.MAX.maxRecordBytes());

        assertReadBack(chain, stored);
        if (supportedOrDeclaredAbsent(StoreCapability.DURABLE)) {
            reopen();
            assertReadBack(chain, stored);
            assertThat(store.tip(chain)).isEqualTo(ChainTip.of(stored.get(2)));
            appended(chain, store.tip(chain), records(chain, store.tip(chain), 1));
        }
    }

    private void assertReadBack(ChainId chain, List<AuditRecord> stored) {
        assertThat(readAll(chain)).containsExactlyElementsOf(stored);
        List<String> json = jsonOf(chain).subList(0, stored.size());
        assertThat(json).containsExactlyElementsOf(stored.stream().map(AuditRecord::json).toList());
        assertThat(store.query(RecordQuery.builder(chain).limit(10).build()).records()).startsWith(stored.toArray(AuditRecord[]::new));
        for (AuditRecord r : stored) {
            assertThat(store.findById(r.id())).contains(r);
        }
        Verification v = new ChainVerifier().verify(json.iterator(), chain, 0, ChainTip.GENESIS_HASH);
        assertThat(v.valid()).as(v.reason()).isTrue();
    }

    /** A member name and a string of about half the record each, the record just under the ceiling. */
    private AuditEvent filling(ChainId chain) {
        int half = (RecordLimits.MAX.maxRecordBytes() - 3072) / 2;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("n".repeat(half), "s".repeat(half));
        return event(chain).subjectId(null).payload(payload).build();
    }

    /** Nested to the deepest level a configuration may allow (the record is level 1, the payload level 2). */
    private AuditEvent deepest(ChainId chain) {
        Object value = List.of(1);
        for (int level = RecordLimits.CEILING_DEPTH; level > 3; level--) {
            value = level % 2 == 0 ? Map.of("k", value) : List.of(value);
        }
        return event(chain).payload(Map.of("d", value)).build();
    }

    private AuditEvent manyMembers(ChainId chain) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            payload.put("m" + i, i);
        }
        return event(chain).payload(payload).build();
    }
}
