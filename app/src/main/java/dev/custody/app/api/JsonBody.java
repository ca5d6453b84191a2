package dev.custody.app.api;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.json.Json;
import dev.custody.domain.json.JsonParseException;
import dev.custody.ports.RecordLimits;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads a request body: strict UTF-8, then strict I-JSON with a bounded depth, into a JSON object. */
final class JsonBody {

    /** Nesting allowed in a request body at least (the envelope plus an event plus its payload). */
    static final int MAX_DEPTH = 40;

    private JsonBody() {
    }

    /** @throws ProblemException INVALID_JSON naming the pointer when the body is not a JSON object */
    static JsonObject parseObject(byte[] body, ProblemCode shapeCode) {
        return parseObject(body, shapeCode, MAX_DEPTH, Integer.MAX_VALUE);
    }

    /**
     * A body of events: nesting up to the events' configured depth plus the envelope ({@code {"events":[…]}}), at
     * least {@link #MAX_DEPTH}, and number literals up to the configured length (the one limit a parsed number no
     * longer shows; the validator checks the others, see {@link RecordLimits}).
     *
     * @throws ProblemException INVALID_JSON naming the pointer when the body is not a JSON object within the limits
     */
    static JsonObject parseEvents(byte[] body, RecordLimits limits) {
        return parseObject(body, ProblemCode.INVALID_EVENT, Math.max(MAX_DEPTH, limits.maxDepth() + 2), limits.maxNumberChars());
    }

    private static JsonObject parseObject(byte[] body, ProblemCode shapeCode, int maxDepth, int maxNumberChars) {
        if (body == null || body.length == 0) {
            throw ProblemException.at(ProblemCode.INVALID_JSON, "", "the request body is empty; send a JSON object");
        }
        Object root;
        try {
            root = Json.parse(decode(body), maxDepth, maxNumberChars);
        } catch (JsonParseException e) {
            throw ProblemException.at(ProblemCode.INVALID_JSON, e.pointer(), "request body is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?>)) {
            throw ProblemException.at(shapeCode, "", "the request body must be a JSON object, got " + JsonObject.typeOf(root));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return new JsonObject(map, "", shapeCode);
    }

    private static String decode(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.at(ProblemCode.INVALID_JSON, "",
                    "the request body is not valid UTF-8 (near byte " + in.position() + ")");
        }
    }
}
