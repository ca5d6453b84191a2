package dev.custody.adapters.file;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The UTC day inside a version 7 UUID (RFC 9562: the first 48 bits are Unix milliseconds). */
final class UuidV7Days {

    private UuidV7Days() {
    }

    /** The day {@code id} was created, or empty when it is not a UUIDv7. */
    static Optional<LocalDate> dayOf(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uuid.version() != 7 || id.length() != 36) {
            return Optional.empty();
        }
        long millis = uuid.getMostSignificantBits() >>> 16;
        return Optional.of(LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }
}
