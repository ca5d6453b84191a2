package dev.custody.ports;

/** A key could not be created, loaded, stored or used. The message names the keyset and what failed. */
public class KeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyStoreException(String message) {
        super(message);
    }

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
