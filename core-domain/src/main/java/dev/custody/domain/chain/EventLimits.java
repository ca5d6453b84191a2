package dev.custody.domain.chain;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.RecordLimits;

/**
 * How large and deep one event may be: the configured {@link RecordLimits}, which ingest enforces (the request
 * parser the number literals, {@link EventValidator} names, strings and depth, {@link RecordEncoder} the size of
 * the record) and which never exceed what every reader of the stored form reads ({@link RecordLimits#MAX}).
 *
 * @param record the limits of one stored record
 */
public record EventLimits(RecordLimits record) {

    /** {@link RecordLimits#DEFAULT}: 64 KiB per record, 32 levels. */
    public static final EventLimits DEFAULT = new EventLimits(RecordLimits.DEFAULT);

    public EventLimits {
        requireNonNull(record, "record is null");
    }

    /** Most UTF-8 bytes of one stored record (canonical form). */
    public int maxRecordBytes() {
        return record.maxRecordBytes();
    }

    /** Deepest nesting of objects and arrays in a record, the record itself being level 1. */
    public int maxDepth() {
        return record.maxDepth();
    }
}
