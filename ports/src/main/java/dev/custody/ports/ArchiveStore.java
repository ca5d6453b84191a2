package dev.custody.ports;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable objects in cold storage (an S3 bucket, a GCS bucket): write once, read, list, and keep them
 * from being deleted (WORM retention, legal hold). Implementations are safe for concurrent use. Unexpected
 * failures throw {@link ArchiveStoreException} naming the operation, bucket and key; arguments that break
 * the documented rules throw {@link IllegalArgumentException}.
 *
 * <p>Keys are relative to the store's configured bucket and prefix: 1–900 characters of
 * {@code [A-Za-z0-9._/-]}, no leading {@code /}, no empty segment, no {@code .} or {@code ..} segment.
 */
public interface ArchiveStore extends AutoCloseable {

    /** The optional abilities this store has; see {@link ArchiveCapability}. */
    Set<ArchiveCapability> capabilities();

    /**
     * Stores {@code content} at {@code key}. The store computes the SHA-256 of the bytes, sends it with the
     * upload so the service rejects a corrupted transfer, and records it with the object.
     *
     * @return what is now stored
     * @throws ArchiveObjectExistsException when {@code key} already exists (nothing changes)
     * @throws UnsupportedOperationException when {@code options} asks for retention or a legal hold and
     *     {@link #capabilities()} lacks {@link ArchiveCapability#RETENTION} or {@link ArchiveCapability#LEGAL_HOLD}
     *     (nothing is written)
     * @throws IllegalArgumentException when the key is malformed
     */
    ArchiveObject put(String key, byte[] content, ArchivePut options);

    /** The bytes stored at {@code key}, or empty when there is no such object. */
    Optional<byte[]> get(String key);

    /** What is known about the object at {@code key}, without its bytes; empty when there is none. */
    Optional<ArchiveObject> head(String key);

    /**
     * The objects whose key starts with {@code prefix} (empty prefix: all), ordered by key. Where listing does
     * not return them, {@code sha256} is empty, the metadata map is empty and retention and hold are unset;
     * {@link #head} has them.
     */
    List<ArchiveObject> list(String prefix);

    /**
     * Turns the legal hold of an existing object on or off.
     *
     * @throws UnsupportedOperationException when {@link #capabilities()} lacks {@link ArchiveCapability#LEGAL_HOLD}
     * @throws ArchiveStoreException when there is no such object
     */
    default void setLegalHold(String key, boolean on) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot place legal holds");
    }

    /**
     * Deletes an object (retention of the cold tier). The store itself refuses while the object's WORM retention
     * or a legal hold is in force; on a versioned (Object Lock) bucket the object's current version is deleted,
     * not hidden behind a delete marker.
     *
     * @return false when there was no such object
     * @throws ArchiveStoreException when the store refuses or fails, with the key in the message
     * @throws UnsupportedOperationException when the store cannot delete (the default)
     */
    default boolean delete(String key) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot delete objects");
    }

    /**
     * Where {@code key} lives, for custody records and messages ({@code s3://bucket/prefix/key}). The
     * default is the key itself.
     */
    default String location(String key) {
        return key;
    }

    /** Releases clients and connections. Idempotent. */
    @Override
    void close();

    /**
     * Checks a key against the rules in the class documentation.
     *
     * @return the key
     * @throws IllegalArgumentException naming the key
     */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 900 || !key.matches("[A-Za-z0-9._/-]+")
                || key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("invalid archive key '" + key + "'");
        }
        for (String part : key.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("invalid archive key '" + key + "': no . or .. segments");
            }
        }
        return key;
    }
}
