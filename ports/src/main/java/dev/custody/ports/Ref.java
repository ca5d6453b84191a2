package dev.custody.ports;

import static java.util.Objects.requireNonNull;

/**
 * A typed reference to an actor or a resource, as in {@code {"type":"user","id":"u-42"}}.
 *
 * @param type what kind of thing it is, non-empty
 * @param id its identifier, non-empty
 */
public record Ref(String type, String id) {
    /** @throws IllegalArgumentException when either part is null or empty */
    public Ref {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        if (type.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("type and id must not be empty");
        }
    }
}
