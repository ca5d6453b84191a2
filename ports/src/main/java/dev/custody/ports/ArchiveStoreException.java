package dev.custody.ports;

/**
 * Something unexpected went wrong inside an {@link ArchiveStore} (the service refused, the network failed,
 * a checksum did not match). The message names the operation, the bucket and the key. A missing object is
 * not an error: reads answer {@link java.util.Optional#empty()}.
 */
public class ArchiveStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the operation, bucket and key */
    public ArchiveStoreException(String message) {
        super(message);
    }

    /** @param message names the operation, bucket and key; @param cause the vendor exception */
    public ArchiveStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
