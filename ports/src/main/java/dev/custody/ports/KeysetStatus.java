package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a {@link KeyStore} says about one keyset: its keys and which is primary. Never holds key material.
 *
 * @param name the keyset's name
 * @param keys its keys, oldest first
 */
public record KeysetStatus(String name, List<Key> keys) {

    public KeysetStatus {
        requireNonNull(name, "name is null");
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
    }

    /** The primary key's id: the key new data is sealed with. */
    public long primaryKeyId() {
        return keys.stream().filter(Key::primary).mapToLong(Key::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("keyset " + name + " has no primary key"));
    }

    /**
     * One key of a keyset.
     *
     * @param id the key id written in front of every ciphertext it seals (unsigned 32 bits)
     * @param state {@code enabled}, {@code disabled} or {@code destroyed}
     * @param primary whether new data is sealed with it
     */
    public record Key(long id, String state, boolean primary) {
        public Key {
            requireNonNull(state, "state is null");
        }
    }
}
