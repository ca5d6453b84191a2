package dev.custody.domain.retention;

import dev.custody.ports.AuditRecord;
import java.util.Optional;

/** Which records a legal hold keeps: retention never deletes them, nor anything after them in their chain. */
@FunctionalInterface
public interface RetentionHolds {

    /** No holds. */
    RetentionHolds NONE = r -> Optional.empty();

    /** The id of a hold covering {@code record}, if any. */
    Optional<String> holdOn(AuditRecord record);
}
