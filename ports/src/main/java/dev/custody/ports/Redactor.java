package dev.custody.ports;

import java.util.Map;

/**
 * A custom minimisation rule applied to every event's payload before anything is stored or hashed, after
 * the configured allow and deny lists. Example: masking card numbers. Implementations are thread-safe and
 * must be deterministic; they must not keep what they see.
 */
public interface Redactor {

    /** The name it is configured by. */
    String name();

    /**
     * The payload with whatever this rule removes or masks. {@code payload} holds JSON values
     * ({@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean},
     * {@code null}) and must not be modified: return a changed copy, or {@code payload} itself when nothing
     * changes.
     *
     * @param kind the event's kind
     */
    Map<String, Object> redact(String kind, Map<String, Object> payload);
}
