package dev.custody.app.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Writes response bodies of plain maps and lists, so every shape is exactly what the code says. */
public final class JsonOut {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOut() {
    }

    /** {@code value} as UTF-8 JSON bytes (maps keep their insertion order). */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} as a JSON string literal, quotes included. */
    public static String string(String value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
