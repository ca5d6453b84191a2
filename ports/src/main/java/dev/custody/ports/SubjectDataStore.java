package dev.custody.ports;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Data about data subjects kept outside the audit chains (for example conversation checkpoints), which
 * erasure (GDPR Art. 17) and retention must reach. Items are addressed by a subject key and an item id.
 * The subject key is always a pseudonym computed by Custody, never a raw subject id; the item id names one
 * item of the subject (a conversation thread) and must not hold personal data either. Implementations are
 * thread-safe.
 */
public interface SubjectDataStore extends AutoCloseable {

    /** What kind of data this store holds, as erasure results name it ({@code conversation_checkpoints}). */
    String dataType();

    /**
     * Stores (or replaces) one item and marks it active at {@code at}.
     *
     * @param subjectKey the subject's pseudonym: 1 to 128 characters of {@code [A-Za-z0-9._-]} (no colon, so a store
     *     may join it to an item id with one)
     * @param itemId the item: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     * @param data the item's content (UTF-8 text, such as JSON)
     * @throws IllegalArgumentException when a key is not valid
     * @throws SubjectDataException when the store fails
     */
    void put(String subjectKey, String itemId, String data, Instant at);

    /** One item, if stored. Throws as {@link #put}. */
    Optional<String> get(String subjectKey, String itemId);

    /** How many items {@code subjectKey} has. Throws as {@link #put}. */
    long count(String subjectKey);

    /**
     * Deletes every item of {@code subjectKey} (erasure). Idempotent.
     *
     * @return how many items were deleted
     * @throws SubjectDataException when the store fails; some items may then remain
     */
    long deleteSubject(String subjectKey);

    /**
     * Deletes every item last active before {@code cutoff}, of every subject (retention).
     *
     * @return how many items were deleted
     * @throws SubjectDataException when the store fails
     */
    long deleteInactiveBefore(Instant cutoff);

    /**
     * Deletes every item last active before {@code cutoff}, of every subject except those in {@code keep} (retention
     * while legal holds name subjects: a held subject's items stay, however old).
     *
     * @param keep subject keys whose items must not be deleted
     * @return how many items were deleted
     * @throws UnsupportedOperationException when {@code keep} is not empty and the store cannot leave subjects out
     *     (the default); retention then deletes nothing from it and says so, rather than delete held data
     * @throws SubjectDataException when the store fails
     */
    default long deleteInactiveBefore(Instant cutoff, Set<String> keep) {
        if (keep.isEmpty()) {
            return deleteInactiveBefore(cutoff);
        }
        throw new UnsupportedOperationException(describe() + " cannot leave held subjects out of a deletion");
    }

    /**
     * How many items {@link #deleteInactiveBefore(Instant, Set)} would delete now, without deleting.
     *
     * @throws UnsupportedOperationException as {@link #countInactiveBefore(Instant)}, or when {@code keep} is not
     *     empty and the store cannot leave subjects out (the default)
     * @throws SubjectDataException when the store fails
     */
    default long countInactiveBefore(Instant cutoff, Set<String> keep) {
        if (keep.isEmpty()) {
            return countInactiveBefore(cutoff);
        }
        throw new UnsupportedOperationException(describe() + " cannot leave held subjects out of a count");
    }

    /**
     * How many items {@link #deleteInactiveBefore} would delete now, without deleting (a dry run of retention).
     *
     * @throws UnsupportedOperationException when the store cannot count them (the default); a dry run then
     *     says so instead of guessing
     * @throws SubjectDataException when the store fails
     */
    default long countInactiveBefore(Instant cutoff) {
        throw new UnsupportedOperationException(describe() + " cannot count inactive items");
    }

    /** Where the data lives, for logs and results; never credentials. */
    String describe();

    @Override
    void close();
}
