package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A filtered read of one chain, in seq order, one page at a time. Every filter except the chain is
 * optional (null means "any"); a record matches when it matches every filter given.
 *
 * @param chain the chain to read (required)
 * @param from earliest {@code recorded_at}, inclusive, or null
 * @param to latest {@code recorded_at}, exclusive, or null
 * @param kind exact kind, or null
 * @param action exact action, or null
 * @param actorId exact actor id, or null
 * @param resourceType exact resource type, or null
 * @param resourceId exact resource id, or null
 * @param subjectId exact stored subject id, or null
 * @param outcome exact outcome, or null
 * @param limit most records in one page, 1 to {@link #MAX_LIMIT}
 * @param afterSeq return only records with a greater seq (the cursor); 0 for the first page
 */
public record RecordQuery(
        ChainId chain,
        Instant from,
        Instant to,
        String kind,
        String action,
        String actorId,
        String resourceType,
        String resourceId,
        String subjectId,
        String outcome,
        int limit,
        long afterSeq) {

    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;

    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 100;

    /** @throws IllegalArgumentException on a limit outside 1..MAX_LIMIT, a negative cursor or from &gt; to */
    public RecordQuery {
        requireNonNull(chain, "chain is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("cursor must be >= 0, got " + afterSeq);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }

    /** A builder for {@code chain} with no filters, the default limit and no cursor. */
    public static Builder builder(ChainId chain) {
        return new Builder(chain);
    }

    /** Whether {@code r} passes every filter (the chain and the cursor included). */
    public boolean matches(AuditRecord r) {
        return r.chain().equals(chain)
                && r.seq() > afterSeq
                && (from == null || !r.recordedAt().isBefore(from))
                && (to == null || r.recordedAt().isBefore(to))
                && (kind == null || kind.equals(r.kind()))
                && (action == null || action.equals(r.action()))
                && (actorId == null || actorId.equals(r.actor().id()))
                && (resourceType == null || (r.resource() != null && resourceType.equals(r.resource().type())))
                && (resourceId == null || (r.resource() != null && resourceId.equals(r.resource().id())))
                && (subjectId == null || subjectId.equals(r.subjectId()))
                && (outcome == null || outcome.equals(r.outcome()));
    }

    /** The same query, continuing after {@code seq}. */
    public RecordQuery after(long seq) {
        return new RecordQuery(chain, from, to, kind, action, actorId, resourceType, resourceId,
                subjectId, outcome, limit, seq);
    }

    /** The same query with another page size. @throws IllegalArgumentException outside 1..MAX_LIMIT */
    public RecordQuery withLimit(int newLimit) {
        return new RecordQuery(chain, from, to, kind, action, actorId, resourceType, resourceId,
                subjectId, outcome, newLimit, afterSeq);
    }

    /** Builds a {@link RecordQuery}; every setter is optional. */
    public static final class Builder {
        private final ChainId chain;
        private Instant from;
        private Instant to;
        private String kind;
        private String action;
        private String actorId;
        private String resourceType;
        private String resourceId;
        private String subjectId;
        private String outcome;
        private int limit = DEFAULT_LIMIT;
        private long afterSeq;

        private Builder(ChainId chain) {
            this.chain = requireNonNull(chain, "chain is null");
        }

        public Builder from(Instant v) { this.from = v; return this; }
        public Builder to(Instant v) { this.to = v; return this; }
        public Builder kind(String v) { this.kind = v; return this; }
        public Builder action(String v) { this.action = v; return this; }
        public Builder actorId(String v) { this.actorId = v; return this; }
        public Builder resourceType(String v) { this.resourceType = v; return this; }
        public Builder resourceId(String v) { this.resourceId = v; return this; }
        public Builder subjectId(String v) { this.subjectId = v; return this; }
        public Builder outcome(String v) { this.outcome = v; return this; }
        public Builder limit(int v) { this.limit = v; return this; }
        public Builder afterSeq(long v) { this.afterSeq = v; return this; }

        /** @throws IllegalArgumentException as {@link RecordQuery#RecordQuery} does */
        public RecordQuery build() {
            return new RecordQuery(chain, from, to, kind, action, actorId, resourceType, resourceId,
                    subjectId, outcome, limit, afterSeq);
        }
    }
}
