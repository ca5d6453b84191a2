package dev.custody.domain.tiering;

/**
 * How archive segments are compressed. The domain stays plain Java; the service supplies the codec
 * (zstd, ADR 0051).
 */
public interface SegmentCompression {

    /** The name written into manifests ({@code zstd}). */
    String name();

    /** The compressed form of {@code data}. */
    byte[] compress(byte[] data);

    /**
     * The data of {@code compressed}.
     *
     * @param maxSize refuse output larger than this (a damaged or hostile object cannot exhaust memory)
     * @throws IllegalArgumentException when the bytes are not a valid frame or exceed maxSize
     */
    byte[] decompress(byte[] compressed, long maxSize);
}
