package dev.custody.ports.hot;

import static java.util.Objects.requireNonNull;

/**
 * Whether the hot tier's backend is reachable.
 *
 * @param backend the provider name and where it points, without secrets (e.g. {@code redis 127.0.0.1:6379})
 * @param degraded true while the in-process fallback serves instead of the backend
 * @param reason why it is degraded (the last error), or null when not
 * @param sinceMillis when the current state began (epoch millis)
 */
public record HotTierStatus(String backend, boolean degraded, String reason, long sinceMillis) {

    public HotTierStatus {
        requireNonNull(backend, "backend is null");
    }
}
