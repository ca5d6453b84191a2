package dev.custody.ports;

/**
 * How large one stored record may be, in every dimension a JSON reader limits. Writer and reader agree through
 * this one definition: ingest rejects an event beyond the configured limits ({@code custody.limits.*}, at most
 * {@link #MAX}), and every reader of the stored form (each backend, verification, export, the offline commands)
 * reads any record within {@link #MAX}, nested in up to {@link #READER_MAX_DEPTH} levels. So whatever ingest
 * accepts is readable, also by a service started later with lower limits.
 *
 * <p>There is no separate limit on the members of an object: {@code maxRecordBytes} bounds them (a member takes
 * at least four bytes, {@code "":0}).
 *
 * @param maxRecordBytes most UTF-8 bytes of one stored record (canonical form)
 * @param maxDepth deepest nesting of objects and arrays in a record, the record itself being level 1
 * @param maxNameChars longest member name (object key) in an event, in UTF-16 chars
 * @param maxStringChars longest string value in an event, in UTF-16 chars
 * @param maxNumberChars longest number literal a request may write; stored numbers are canonical (RFC 8785), at
 *     most 24 characters, whatever the request wrote
 */
public record RecordLimits(int maxRecordBytes, int maxDepth, int maxNameChars, int maxStringChars, int maxNumberChars) {

    /** The largest {@code maxRecordBytes} that may be configured: 16 MiB. */
    public static final int CEILING_RECORD_BYTES = 16 << 20;
    /** The largest {@code maxDepth} that may be configured. */
    public static final int CEILING_DEPTH = 256;
    /** The largest {@code maxNumberChars} that may be configured. */
    public static final int CEILING_NUMBER_CHARS = 1000;
    /**
     * The nesting every reader of the stored form accepts: well above {@link #CEILING_DEPTH}, because a record may
     * be wrapped (an encrypted personal field becomes an object, the spool and the API put records in envelopes).
     */
    public static final int READER_MAX_DEPTH = 1000;

    /** 64 KiB per record, 32 levels, names up to 1,024 chars, strings up to the record size, numbers up to 100 chars. */
    public static final RecordLimits DEFAULT = new RecordLimits(64 * 1024, 32, 1024, 64 * 1024, 100);

    /** The most any configuration may allow; what every reader reads. */
    public static final RecordLimits MAX = new RecordLimits(CEILING_RECORD_BYTES, CEILING_DEPTH, CEILING_RECORD_BYTES,
            CEILING_RECORD_BYTES, CEILING_NUMBER_CHARS);

    /** @throws IllegalArgumentException naming the limit when one is outside its range */
    public RecordLimits {
        range("maxRecordBytes", maxRecordBytes, 1024, CEILING_RECORD_BYTES);
        range("maxDepth", maxDepth, 3, CEILING_DEPTH);
        range("maxNameChars", maxNameChars, 16, maxRecordBytes);
        range("maxStringChars", maxStringChars, 256, maxRecordBytes);
        range("maxNumberChars", maxNumberChars, 24, CEILING_NUMBER_CHARS);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
