package dev.custody.ports;

/** A put was refused because an object with that key already exists: archive objects are immutable. */
public class ArchiveObjectExistsException extends ArchiveStoreException {
    private static final long serialVersionUID = 1L;

    /** @param message names the bucket and key */
    public ArchiveObjectExistsException(String message) {
        super(message);
    }
}
