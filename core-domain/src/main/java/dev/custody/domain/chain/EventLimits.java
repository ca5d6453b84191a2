package dev.custody.domain.chain;

/**
 * How large and deep one event may be.
 *
 * @param maxRecordBytes most UTF-8 bytes of one stored record (canonical form); default 64 KiB
 * @param maxDepth deepest nesting of objects and arrays in a record, the record itself being level 1; default 32
 */
public record EventLimits(int maxRecordBytes, int maxDepth) {

    /** 64 KiB per record, 32 levels. */
    public static final EventLimits DEFAULT = new EventLimits(64 * 1024, 32);

    public EventLimits {
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1024, got " + maxRecordBytes);
        }
        if (maxDepth < 3 || maxDepth > 1000) {
            throw new IllegalArgumentException("maxDepth must be between 3 and 1000, got " + maxDepth);
        }
    }
}
