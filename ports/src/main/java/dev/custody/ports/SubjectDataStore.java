package dev.custody.ports;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Data about data subjects kept outside the audit chains (for example conversation checkpoints), which
 * erasure (GDPR Art. 17) and retention must reach. Items are addressed by a subject key and an item id, and
 * may be kept for a chain, the tenant whose data they are ({@link #putIn}).
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

    /**
     * Stores (or replaces) one item of {@code subjectKey} kept for the chain {@code scope} (whose tenant the data
     * belongs to) and marks it active at {@code at}, unless {@code scope} already holds {@code maxItems} items and
     * this one is not among them. An item kept for a scope is distinct from an item with the same id kept for another
     * scope or for none ({@link #put}); {@link #count(String)}, {@link #deleteSubject} and the retention methods reach
     * it like any other item of the subject. Check and store are one atomic step.
     *
     * @param maxItems the most items {@code scope} may hold, at least 1
     * @return true when stored; false, storing nothing, when {@code scope} is full
     * @throws UnsupportedOperationException when the store cannot keep items per scope (the default)
     * @throws IllegalArgumentException when a key is not valid, or {@code maxItems} is less than 1
     * @throws SubjectDataException when the store fails
     */
    default boolean putIn(ChainId scope, String subjectKey, String itemId, String data, Instant at, long maxItems) {
        throw new UnsupportedOperationException(describe() + " cannot keep items per chain");
    }

    /**
     * One item of {@code subjectKey} kept for {@code scope}, if stored.
     *
     * @throws UnsupportedOperationException as {@link #putIn}
     */
    default Optional<String> getIn(ChainId scope, String subjectKey, String itemId) {
        throw new UnsupportedOperationException(describe() + " cannot keep items per chain");
    }

    /**
     * How many items of every subject are kept for {@code scope} (what {@link #putIn} counts against its limit).
     *
     * @throws UnsupportedOperationException as {@link #putIn}
     */
    default long countIn(ChainId scope) {
        throw new UnsupportedOperationException(describe() + " cannot keep items per chain");
    }

    /** How many items {@code subjectKey} has, with or without a scope. Throws as {@link #put}. */
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
