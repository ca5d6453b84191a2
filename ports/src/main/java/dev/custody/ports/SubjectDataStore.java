package dev.custody.ports;

import java.time.Instant;
import java.util.Optional;

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
     * @param subjectKey the subject's pseudonym: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
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
