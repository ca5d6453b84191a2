package dev.custody.ports;

/**
 * Optional abilities an {@link ArchiveStore} declares through {@link ArchiveStore#capabilities()}. A store
 * that lacks one throws {@link UnsupportedOperationException} from the matching method (or for the matching
 * option of {@link ArchivePut}); it never pretends.
 */
public enum ArchiveCapability {
    /**
     * WORM retention: an object put with {@link ArchivePut#retainUntil()} cannot be deleted or overwritten
     * before that instant (S3 Object Lock, GCS object retention / bucket retention policy).
     */
    RETENTION,
    /** {@link ArchiveStore#setLegalHold} and {@link ArchivePut#legalHold()}: no deletion while the hold is on. */
    LEGAL_HOLD
}
