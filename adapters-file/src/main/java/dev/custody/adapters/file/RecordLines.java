package dev.custody.adapters.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads stored record lines with Jackson's streaming parser: only the top-level fields the index
 * needs, skipping {@code payload} and anything unknown. The line itself becomes {@link AuditRecord#json()}.
 */
final class RecordLines {

    private static final JsonFactory JSON = StoredJson.READER;

    private RecordLines() {
    }

    /**
     * The record a stored line holds.
     *
     * @throws IOException naming what is wrong when the line is not one JSON object with the fields of
     *     a v1 record of {@code chain}
     */
    static AuditRecord parse(ChainId chain, String line) throws IOException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(line)) {
            require(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                f.read(name, p);
            }
            require(p.currentToken() == JsonToken.END_OBJECT, "unterminated object");
            require(p.nextToken() == null, "text after the object");
        }
        return f.toRecord(chain, line);
    }

    /**
     * Only the top-level {@code seq} of a stored line, without building a record.
     *
     * @throws IOException when the line is not a JSON object with an integer {@code seq}
     */
    static long seqOf(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            require(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("seq")) {
                    return integer(p, name);
                }
                p.skipChildren();
            }
        }
        throw new IOException("missing field seq");
    }

    private static void require(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        require(p.currentToken() == JsonToken.VALUE_STRING, field + " must be a string");
        return p.getText();
    }

    private static long integer(JsonParser p, String field) throws IOException {
        require(p.currentToken() == JsonToken.VALUE_NUMBER_INT, field + " must be an integer");
        return p.getLongValue();
    }

    private static Ref ref(JsonParser p, String field) throws IOException {
        require(p.currentToken() == JsonToken.START_OBJECT, field + " must be an object");
        String type = null;
        String id = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type" -> type = text(p, field + ".type");
                case "id" -> id = text(p, field + ".id");
                default -> p.skipChildren();
            }
        }
        require(type != null && id != null, field + " needs type and id");
        return new Ref(type, id);
    }

    /** The top-level fields seen so far. */
    private static final class Fields {
        String id;
        long seq = -1;
        String prevHash;
        String recordHash;
        String recordedAt;
        String kind;
        String action;
        Ref actor;
        Ref resource;
        String outcome;
        String subjectId;
        String namespace;
        String tenant;

        void read(String name, JsonParser p) throws IOException {
            switch (name) {
                case "id" -> id = text(p, name);
                case "seq" -> seq = integer(p, name);
                case "prev_hash" -> prevHash = text(p, name);
                case "record_hash" -> recordHash = text(p, name);
                case "recorded_at" -> recordedAt = text(p, name);
                case "kind" -> kind = text(p, name);
                case "action" -> action = text(p, name);
                case "actor" -> actor = ref(p, name);
                case "resource" -> resource = ref(p, name);
                case "outcome" -> outcome = text(p, name);
                case "subject_id" -> subjectId = text(p, name);
                case "namespace" -> namespace = text(p, name);
                case "tenant" -> tenant = text(p, name);
                default -> p.skipChildren();
            }
        }

        AuditRecord toRecord(ChainId chain, String line) throws IOException {
            require(namespace != null && tenant != null, "missing field namespace or tenant");
            require(chain.namespace().equals(namespace) && chain.tenant().equals(tenant),
                    "record of chain " + namespace + "/" + tenant + " stored with chain " + chain);
            require(id != null, "missing field id");
            require(seq != -1, "missing field seq");
            require(prevHash != null, "missing field prev_hash");
            require(recordHash != null, "missing field record_hash");
            require(recordedAt != null, "missing field recorded_at");
            require(kind != null, "missing field kind");
            require(action != null, "missing field action");
            require(actor != null, "missing field actor");
            require(outcome != null, "missing field outcome");
            try {
                return new AuditRecord(chain, seq, id, prevHash, recordHash, Instant.parse(recordedAt), kind,
                        action, actor, resource, outcome, subjectId, line);
            } catch (DateTimeParseException e) {
                throw new IOException("recorded_at is not an RFC 3339 UTC time: " + recordedAt, e);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
