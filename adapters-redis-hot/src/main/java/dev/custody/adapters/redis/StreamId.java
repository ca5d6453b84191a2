package dev.custody.adapters.redis;

import dev.custody.ports.AuditRecord;
import java.time.Instant;

/**
 * A recent-stream entry id, {@code <recorded_at ms>-<seq>} ({@link RecordEntries#entryId}), compared as Redis
 * compares ids.
 */
record StreamId(long ms, long seq) implements Comparable<StreamId> {

    /** Before every entry. */
    static final StreamId MIN = new StreamId(0, 0);

    StreamId {
        if (ms < 0 || seq < 0) {
            throw new IllegalArgumentException("a stream id has no negative part, got " + ms + "-" + seq);
        }
    }

    static StreamId of(AuditRecord r) {
        return new StreamId(r.recordedAt().toEpochMilli(), r.seq());
    }

    /** The first id a window starting at {@code from} can hold; {@link #MIN} for no start. */
    static StreamId startOf(Instant from) {
        return from == null ? MIN : new StreamId(Math.max(0, from.toEpochMilli()), 0);
    }

    /** @throws IllegalStateException when {@code id} is not {@code <ms>-<seq>} */
    static StreamId parse(String id) {
        int dash = id.indexOf('-');
        try {
            return new StreamId(Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10));
        } catch (RuntimeException e) {
            throw new IllegalStateException("not a hot tier stream id: " + id, e);
        }
    }

    @Override
    public int compareTo(StreamId o) {
        return ms != o.ms ? Long.compare(ms, o.ms) : Long.compare(seq, o.seq);
    }

    /** As an exclusive XRANGE bound. */
    String exclusive() {
        return "(" + this;
    }

    @Override
    public String toString() {
        return ms + "-" + seq;
    }
}
