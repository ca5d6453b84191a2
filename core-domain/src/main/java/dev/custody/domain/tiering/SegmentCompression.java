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

    /**
     * As much of {@code compressed} as can be decoded, for describing a damaged object (forensics): a streaming
     * codec returns the data it decoded before the damage. This default decodes all or nothing.
     *
     * @param maxSize decode at most this much; more is reported as the error
     */
    default Partial decompressPartially(byte[] compressed, long maxSize) {
        try {
            return new Partial(decompress(compressed, maxSize), null);
        } catch (IllegalArgumentException e) {
            return new Partial(new byte[0], e.getMessage());
        }
    }

    /**
     * Decoded data and why decoding stopped early.
     *
     * @param data what was decoded
     * @param error null when the object decoded completely, otherwise why decoding stopped
     */
    record Partial(byte[] data, String error) {
        public Partial {
            java.util.Objects.requireNonNull(data, "data is null");
        }
    }
}
