package dev.custody.domain.tiering;

/**
 * The archive cannot give back what its index promises: a segment does not check against its manifest, or a
 * range of the chain is in no segment and not in the system of record. Nothing was changed; reading again
 * fails the same way until the archive is repaired.
 */
public class ArchiveDamagedException extends ArchivalException {
    private static final long serialVersionUID = 1L;

    private final String segment;

    /** @param segment the location of the segment concerned, or null when the problem is a missing range */
    public ArchiveDamagedException(String segment, String message) {
        super(message);
        this.segment = segment;
    }

    /** The location of the segment concerned ({@code s3://bucket/key}), or null. */
    public String segment() {
        return segment;
    }
}
