package dev.custody.adapters.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.custody.ports.RecordLimits;
import java.io.IOException;

/**
 * The JSON readers of stored lines. {@link #READER} is what every line is parsed with: its limits are those of a
 * line ({@link TailRepair#MAX_LINE_BYTES} for names and strings, so a sealed line's base64 fits too), never below
 * what ingest may accept ({@link RecordLimits#MAX}); Jackson's defaults (names up to 50,000 chars) are not. So a
 * record ingest accepted is always read back (ADR 0080). Member names are neither canonicalized nor interned: payload
 * keys are the client's, any number of them of any length, and a symbol table of them only costs (a 100,000-key
 * record read three times as slowly). {@link #isJsonObject} is recovery's test for a torn write.
 */
final class StoredJson {

    /** Parses stored lines: plain records and the wrappers of sealed ones. */
    static final JsonFactory READER = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength(TailRepair.MAX_LINE_BYTES)
                    .maxStringLength(TailRepair.MAX_LINE_BYTES)
                    .maxNumberLength(RecordLimits.MAX.maxNumberChars())
                    .maxNestingDepth(RecordLimits.READER_MAX_DEPTH)
                    .build())
            .build();

    /** Checks syntax only, so no limit can make a complete line look torn. */
    private static final JsonFactory SYNTAX = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .build())
            .build();

    private StoredJson() {
    }

    /** Whether {@code text} is one JSON object and nothing else (any content, any size, any depth). */
    static boolean isJsonObject(String text) {
        try (JsonParser p = SYNTAX.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.END_OBJECT && p.getParsingContext().inRoot()) {
                    return p.nextToken() == null;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
