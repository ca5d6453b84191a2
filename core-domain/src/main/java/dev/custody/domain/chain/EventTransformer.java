package dev.custody.domain.chain;

import java.util.function.Supplier;

/**
 * Rewrites an event after it has been validated and given its record id, before anything of it is encoded
 * or hashed: minimisation, redaction and personal-data encryption happen here, so the chain covers only
 * what is stored. Runs on the caller's thread; must be thread-safe.
 */
@FunctionalInterface
public interface EventTransformer {

    /** Leaves every event as it is. */
    EventTransformer IDENTITY = (event, recordId) -> event;

    /**
     * The event to store in place of {@code event}; same chain.
     *
     * @param recordId the UUIDv7 the record will carry
     * @throws InvalidEventException naming the field, when the event cannot be stored as configured
     */
    AuditEvent apply(AuditEvent event, String recordId);

    /**
     * Runs {@code work}, which applies this transformer to several events (a batch): a transformer that makes
     * something durable per event (a new subject's keys) may make it durable once for all of them, before this
     * returns. The default just runs it.
     */
    default <T> T batch(Supplier<T> work) {
        return work.get();
    }
}
