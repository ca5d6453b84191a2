package dev.custody.adapters.file;

import dev.custody.ports.ChainId;
import java.io.IOException;

/**
 * How a record's JSON becomes a stored line and back. The {@code file} backend stores the JSON itself;
 * {@code encrypted-file} seals it ({@link SealedLines}). A codec never sees the {@code '\n'}.
 */
interface LineCodec {

    /** Lines are the records' JSON, exactly as hashed. */
    LineCodec PLAIN = new LineCodec() {
        @Override
        public String seal(ChainId chain, long seq, String json) {
            return json;
        }

        @Override
        public String open(ChainId chain, long seq, String line) {
            return line;
        }

        @Override
        public long seqOf(String line) throws IOException {
            return RecordLines.seqOf(line);
        }

        @Override
        public boolean plain() {
            return true;
        }

        @Override
        public String format() {
            return "plain";
        }
    };

    /** The stored line for record {@code seq} of {@code chain}. */
    String seal(ChainId chain, long seq, String json);

    /**
     * The record JSON of the line stored at {@code seq} of {@code chain}.
     *
     * @throws IOException when the line is not in this codec's form, belongs to another position or chain,
     *     or does not open (altered, or sealed with another key)
     */
    String open(ChainId chain, long seq, String line) throws IOException;

    /** The seq a stored line claims, read without opening it. */
    long seqOf(String line) throws IOException;

    /** The name written in the store's format marker, so a directory is never read with the wrong codec. */
    String format();

    /** Whether lines are the record JSON itself (so reads may skip {@link #open}). */
    default boolean plain() {
        return false;
    }
}
