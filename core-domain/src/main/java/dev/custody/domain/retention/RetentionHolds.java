package dev.custody.domain.retention;

import dev.custody.ports.AuditRecord;
import java.util.Optional;
import java.util.Set;

/**
 * Which records a legal hold keeps: retention never deletes them, nor anything after them in their chain; nor the
 * subject data of a subject a hold names.
 */
@FunctionalInterface
public interface RetentionHolds {

    /** No holds. */
    RetentionHolds NONE = r -> Optional.empty();

    /** The id of a hold covering {@code record}, if any. */
    Optional<String> holdOn(AuditRecord record);

    /**
     * The subjects named by a hold in force, as subject data stores key them (service pseudonyms): retention
     * keeps their subject data however old it is.
     */
    default Set<String> heldSubjects() {
        return Set.of();
    }
}
