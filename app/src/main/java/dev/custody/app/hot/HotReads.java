package dev.custody.app.hot;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a query from the hot tier when that gives exactly the system of record's answer: the window has a
 * start, the hot tier is complete from before it, and it holds the chain up to the tip read just before.
 * Otherwise the system of record answers.
 */
public final class HotReads {

    /** Which tier answered. */
    public enum Tier {
        HOT, PRIMARY;

        public String headerValue() {
            return this == HOT ? "hot" : "primary";
        }
    }

    /** A page and the tier it came from. */
    public record Answer(RecordPage page, Tier tier) {
    }

    private final AuditStore store;
    private final HotTier hot;

    /** @param hot the hot tier, or null when none is configured */
    public HotReads(AuditStore store, HotTier hot) {
        this.store = requireNonNull(store, "store is null");
        this.hot = hot;
    }

    public Optional<HotTier> hotTier() {
        return Optional.ofNullable(hot);
    }

    /** The hot tier's page when it can give the system of record's answer, else the system of record's. */
    public Answer query(RecordQuery q) {
        if (hot != null && q.from() != null) {
            long tip = store.tip(q.chain()).seq();
            if (hot.coverage(q.chain()).covers(q.from(), tip)) {
                return new Answer(fromHot(q), Tier.HOT);
            }
        }
        return new Answer(store.query(q), Tier.PRIMARY);
    }

    /**
     * The hot tier's page, asked for explicitly ({@code tier=hot}).
     *
     * @return empty when the window starts before what the hot tier holds completely (or has no start)
     * @throws IllegalStateException when no hot tier is configured
     */
    public Optional<RecordPage> queryHot(RecordQuery q) {
        return hotHolds(q) ? Optional.of(fromHot(q)) : Optional.empty();
    }

    /**
     * Whether the query's window starts where the hot tier holds the chain completely.
     *
     * @throws IllegalStateException when no hot tier is configured
     */
    public boolean hotHolds(RecordQuery q) {
        if (hot == null) {
            throw new IllegalStateException("no hot tier is configured");
        }
        HotCoverage c = hot.coverage(q.chain());
        return q.from() != null && c.from() != null && !q.from().isBefore(c.from());
    }

    /** Where the hot tier is complete from for the query's chain, for messages; null when it holds nothing. */
    public java.time.Instant coveredFrom(RecordQuery q) {
        return hot == null ? null : hot.coverage(q.chain()).from();
    }

    private RecordPage fromHot(RecordQuery q) {
        List<AuditRecord> matches = new ArrayList<>(Math.min(q.limit() + 1, 1024));
        long after = q.afterSeq();
        int fetch = Math.min(1000, Math.max(q.limit() + 1, 100));
        while (matches.size() <= q.limit()) {
            List<AuditRecord> batch = hot.recent(q.chain(), q.from(), q.to(), after, fetch);
            for (AuditRecord r : batch) {
                if (q.matches(r)) {
                    matches.add(r);
                    if (matches.size() > q.limit()) {
                        break;
                    }
                }
            }
            if (batch.size() < fetch) {
                break;
            }
            after = batch.get(batch.size() - 1).seq();
        }
        return RecordPage.fromLookahead(matches, q.limit());
    }
}
