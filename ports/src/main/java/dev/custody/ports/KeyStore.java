package dev.custody.ports;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Named keysets for authenticated encryption, kept encrypted under a key-encryption key that never
 * leaves its holder (a local master key, or a KMS). Backends seal stored data with it; the domain keeps
 * one keyset per data subject in it, so destroying that keyset makes the subject's data unreadable
 * (crypto-shredding). Implementations are thread-safe.
 */
public interface KeyStore extends AutoCloseable {

    /** A key store that has no keys: every call fails saying that no key store is configured. */
    KeyStore NONE = new KeyStore() {
        @Override
        public KeysetCipher cipher(String keyset) {
            throw new KeyStoreException("no key store is configured (custody.keys), so keyset '" + keyset
                    + "' cannot be used");
        }

        @Override
        public Optional<KeysetCipher> existing(String keyset) {
            return Optional.empty();
        }

        @Override
        public KeysetStatus rotate(String keyset) {
            throw new KeyStoreException("no key store is configured (custody.keys)");
        }

        @Override
        public List<KeysetStatus> status() {
            return List.of();
        }

        @Override
        public boolean destroy(String keyset) {
            return false;
        }

        @Override
        public Optional<KeysetPrf> existingPrf(String keyset) {
            return Optional.empty();
        }

        @Override
        public KeysetPrf prf(String keyset) {
            throw new KeyStoreException("no key store is configured (custody.keys), so keyset '" + keyset
                    + "' cannot be used");
        }

        @Override
        public String describe() {
            return "none";
        }

        @Override
        public void close() {
        }
    };

    /**
     * The cipher of {@code keyset}, creating the keyset (one fresh primary key) when it does not exist; the
     * keyset is durable when this returns (inside {@link #batch}: when the batch returns). Names are 1 to 128
     * characters of {@code [A-Za-z0-9._-]}.
     *
     * @throws KeyStoreException when the keyset cannot be created, stored or loaded, or has been destroyed
     * @throws IllegalArgumentException when the name is not valid
     */
    KeysetCipher cipher(String keyset);

    /** The cipher of {@code keyset} if it exists and has not been destroyed; never creates one. */
    Optional<KeysetCipher> existing(String keyset);

    /**
     * Adds a new key to {@code keyset} and makes it primary; older keys stay enabled so everything they
     * sealed still opens. Creates the keyset when it does not exist.
     *
     * @return the keyset after rotation
     * @throws KeyStoreException when the keyset cannot be stored
     */
    KeysetStatus rotate(String keyset);

    /** Every keyset, by name. */
    List<KeysetStatus> status();

    /**
     * Destroys {@code keyset}: its key material is deleted from durable storage and from memory, and
     * everything sealed with it can never be opened again. Idempotent.
     *
     * @return whether the keyset existed
     * @throws KeyStoreException when the key material could not be deleted
     */
    boolean destroy(String keyset);

    /**
     * The keyed pseudo-random function of {@code keyset}, creating the keyset (one HMAC-SHA256 PRF key) when
     * it does not exist. A PRF keyset and an AEAD keyset never share a name. {@link #destroy} destroys PRF
     * keysets too. Key stores that cannot hold PRF keysets keep this default, which throws.
     *
     * @throws KeyStoreException when the keyset cannot be created, stored or loaded, or is not a PRF keyset
     * @throws UnsupportedOperationException when this key store has no PRF keysets
     */
    default KeysetPrf prf(String keyset) {
        throw new UnsupportedOperationException(describe() + " cannot hold PRF keysets (keyed pseudonyms)");
    }

    /**
     * The PRF of {@code keyset} if it exists and has not been destroyed; never creates one.
     *
     * @throws UnsupportedOperationException when this key store has no PRF keysets
     */
    default Optional<KeysetPrf> existingPrf(String keyset) {
        throw new UnsupportedOperationException(describe() + " cannot hold PRF keysets (keyed pseudonyms)");
    }

    /**
     * Runs {@code work} on this thread so that the keysets it creates (through {@link #cipher} and {@link #prf})
     * become durable together, once, before this returns, instead of one by one: for a caller that creates many
     * keysets at once, such as one per data subject of a batch of events. Until this returns, nothing sealed with
     * a keyset created inside may be made durable elsewhere. When {@code work} throws, the keysets are still
     * synced (or the sync's failure is added as suppressed) and its exception is rethrown. Nested calls join the
     * outermost. Key stores that make every keyset durable as they create it keep this default.
     *
     * @throws KeyStoreException when the keysets cannot be made durable
     */
    default <T> T batch(Supplier<T> work) {
        return work.get();
    }

    /**
     * What an operator should hear about this key store when the service starts, one sentence each — for example,
     * a local master key kept under the data directory it protects; never key material. The service logs them as
     * warnings at start; offline commands do not (their standard error is their one-line reason).
     */
    default List<String> warnings() {
        return List.of();
    }

    /** Where the keys live and what protects them, for logs and status; never key material. */
    String describe();

    @Override
    void close();
}
