package dev.custody.domain.chain;

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
}
