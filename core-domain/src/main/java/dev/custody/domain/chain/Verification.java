package dev.custody.domain.chain;

/**
 * The outcome of verifying a chain or a range of it. Field names follow the API:
 * {@code {valid, records_checked, first_broken_at, first_record_id, last_record_id, reason}}.
 */
public sealed interface Verification {

    /** Whether every record checked is intact and linked. */
    boolean valid();

    /** How many records were examined, the broken one included. */
    long recordsChecked();

    /** Id of the first record examined, or null when there was none. */
    String firstRecordId();

    /** Id of the last record examined, or null when there was none. */
    String lastRecordId();

    /** Id of the first broken record; null when valid (or when the broken record has no readable id). */
    default String firstBrokenAt() {
        return null;
    }

    /** Why verification stopped; null when valid. */
    default String reason() {
        return null;
    }

    /**
     * Every record checked is intact and linked.
     *
     * @param lastSeq seq of the last record checked, 0 when none
     * @param lastRecordHash its hash, or the anchor's when none was checked
     */
    record Valid(long recordsChecked, String firstRecordId, String lastRecordId, long lastSeq, String lastRecordHash)
            implements Verification {
        @Override
        public boolean valid() {
            return true;
        }
    }

    /**
     * Verification stopped at the first broken record.
     *
     * @param position 1-based position of the broken record among those examined
     */
    record Broken(long recordsChecked, String firstBrokenAt, long position, String firstRecordId,
            String lastRecordId, String reason) implements Verification {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
