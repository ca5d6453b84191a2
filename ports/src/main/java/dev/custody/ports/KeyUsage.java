package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which keys of a backend's keyset sealed how many of its stored records: what a key rotation leaves
 * still depending on an older key.
 *
 * @param keyset the keyset the backend seals with
 * @param recordsByKeyId records sealed by each key id
 */
public record KeyUsage(String keyset, Map<Long, Long> recordsByKeyId) {
    public KeyUsage {
        requireNonNull(keyset, "keyset is null");
        recordsByKeyId = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(recordsByKeyId,
                "recordsByKeyId is null")));
    }
}
