package dev.custody.domain.chain;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.json.Jcs;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainTip;
import dev.custody.ports.Ref;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns events into format-v1 records. Each stored line is the RFC 8785 (JCS) form of the whole
 * record; {@code record_hash} is the SHA-256 of the same form without the {@code record_hash} member.
 * Because the stored line is canonical, verification can hash the stored bytes directly.
 */
public final class RecordEncoder {

    private static final java.util.regex.Pattern CANONICAL_UUID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private final EventValidator validator;
    private final EventLimits limits;
    private final Clock clock;
    private final EventTransformer transformer;

    public RecordEncoder(EventLimits limits, Clock clock) {
        this(limits, clock, EventTransformer.IDENTITY);
    }

    /** With {@code transformer} applied to every event after validation and before encoding. */
    public RecordEncoder(EventLimits limits, Clock clock, EventTransformer transformer) {
        this.limits = requireNonNull(limits, "limits is null");
        this.validator = new EventValidator(limits);
        this.clock = requireNonNull(clock, "clock is null");
        this.transformer = requireNonNull(transformer, "transformer is null");
    }

    /** Runs {@code work}, which prepares several events, as one batch of the transformer's ({@link EventTransformer#batch}). */
    public <T> T batch(java.util.function.Supplier<T> work) {
        return transformer.batch(work);
    }

    /**
     * Validates {@code event}, assigns its id and writes the parts of its canonical form that do not
     * depend on its chain position.
     *
     * @throws InvalidEventException naming the field, when the event is invalid or too large
     */
    public PreparedEvent prepare(AuditEvent event) {
        return prepare(event, null);
    }

    /**
     * As {@link #prepare(AuditEvent)}, keeping an id assigned earlier (an event accepted into the spool or
     * into the async ingest buffer is appended later under the id its client was given).
     *
     * @param id a UUID in lower-case canonical form, or null to assign a new UUIDv7
     * @throws IllegalArgumentException when {@code id} is not a canonical lower-case UUID
     */
    public PreparedEvent prepare(AuditEvent given, String id) {
        if (id == null) {
            id = UuidV7.next(clock.millis());
        } else if (!CANONICAL_UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a canonical lower-case UUID: " + id);
        }
        validator.validate(given);
        AuditEvent event = transformer.apply(given, id);
        if (!event.chain().equals(given.chain())) {
            throw new IllegalStateException("an event transformer moved an event to another chain");
        }
        return encode(event, id);
    }

    /**
     * Encodes {@code event} as it is, under {@code id}: for an event this encoder prepared once already (its
     * {@link PreparedEvent#event()}, kept in the spool), whose transformation (personal-data encryption,
     * pseudonyms, minimisation) must not be applied a second time.
     *
     * @throws IllegalArgumentException when {@code id} is not a lower-case UUID
     * @throws InvalidEventException when the event is too large
     */
    public PreparedEvent prepareTransformed(AuditEvent event, String id) {
        checkId(id);
        return encode(event, id);
    }

    private static void checkId(String id) {
        requireNonNull(id, "id is null");
        if (!CANONICAL_UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a canonical lower-case UUID: " + id);
        }
    }

    private PreparedEvent encode(AuditEvent event, String id) {
        StringBuilder head = new StringBuilder(256);
        head.append("{\"action\":");
        Jcs.write(event.action(), head);
        head.append(",\"actor\":");
        ref(event.actor(), head);
        head.append(",\"id\":\"").append(id).append("\",\"kind\":");
        Jcs.write(event.kind(), head);
        head.append(",\"namespace\":");
        Jcs.write(event.chain().namespace(), head);
        if (event.occurredAt() != null) {
            head.append(",\"occurred_at\":");
            Jcs.write(event.occurredAt(), head);
        }
        head.append(",\"outcome\":");
        Jcs.write(event.outcome(), head);
        if (event.payload() != null) {
            head.append(",\"payload\":");
            Jcs.write(event.payload(), head);
        }
        head.append(",\"prev_hash\":\"");

        String resourcePart = "";
        if (event.resource() != null) {
            StringBuilder r = new StringBuilder(64).append("\"resource\":");
            ref(event.resource(), r);
            resourcePart = r.append(',').toString();
        }
        StringBuilder tail = new StringBuilder(64);
        if (event.subjectId() != null) {
            tail.append(",\"subject_id\":");
            Jcs.write(event.subjectId(), tail);
        }
        tail.append(",\"tenant\":");
        Jcs.write(event.chain().tenant(), tail);
        tail.append(",\"v\":1}");

        PreparedEvent prepared = new PreparedEvent(event, id, head.toString(), resourcePart, tail.toString());
        checkSize(prepared);
        return prepared;
    }

    /** The {@code recorded_at} for records following {@code prev}: now, but never before {@code prev}'s. */
    public Instant recordedAtAfter(ChainTip prev) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isBefore(prev.recordedAt()) ? prev.recordedAt() : now;
    }

    /**
     * Links {@code events} after {@code prev}: seq, prev_hash, recorded_at and record_hash.
     *
     * @param recordedAt microsecond precision, not before {@code prev.recordedAt()}
     */
    public List<AuditRecord> encode(ChainTip prev, List<PreparedEvent> events, Instant recordedAt) {
        String ts = Timestamps.formatMicros(recordedAt);
        Instant at = recordedAt.truncatedTo(ChronoUnit.MICROS);
        byte[] recordedAtPart = ("\",\"recorded_at\":\"" + ts + "\",").getBytes(StandardCharsets.US_ASCII);
        MessageDigest digest = Sha256.threadDigest();
        List<AuditRecord> out = new ArrayList<>(events.size());
        long seq = prev.seq();
        String prevHash = prev.recordHash();
        for (PreparedEvent e : events) {
            seq++;
            String seqText = Long.toString(seq);
            digest.reset();
            digest.update(e.headUtf8);
            digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            digest.update(recordedAtPart);
            digest.update(e.resourceUtf8);
            digest.update(SEQ_KEY);
            digest.update(seqText.getBytes(StandardCharsets.US_ASCII));
            digest.update(e.tailUtf8);
            String hash = Sha256.toHex(digest.digest());
            String json = new StringBuilder(e.head.length() + e.resourcePart.length() + e.tail.length() + 200)
                    .append(e.head).append(prevHash).append("\",\"record_hash\":\"").append(hash)
                    .append("\",\"recorded_at\":\"").append(ts).append("\",").append(e.resourcePart)
                    .append("\"seq\":").append(seqText).append(e.tail).toString();
            AuditEvent ev = e.event;
            out.add(new AuditRecord(ev.chain(), seq, e.id, prevHash, hash, at, ev.kind(), ev.action(),
                    ev.actor(), ev.resource(), ev.outcome(), ev.subjectId(), json));
            prevHash = hash;
        }
        return out;
    }

    /** Prepares and links {@code events} after {@code prev} in one step, recorded now. */
    public List<AuditRecord> encodeEvents(ChainTip prev, List<AuditEvent> events) {
        List<PreparedEvent> prepared = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            prepared.add(prepare(e));
        }
        return encode(prev, prepared, recordedAtAfter(prev));
    }

    private static void ref(Ref ref, StringBuilder out) {
        out.append("{\"id\":");
        Jcs.write(ref.id(), out);
        out.append(",\"type\":");
        Jcs.write(ref.type(), out);
        out.append('}');
    }

    /** Bytes the linked parts add: prev_hash, record_hash, recorded_at, seq and their punctuation. */
    private static final int LINK_BYTES = 64 + 17 + 64 + 17 + 27 + 7 + 20;

    private void checkSize(PreparedEvent e) {
        long bytes = e.fixedUtf8Length() + LINK_BYTES;
        if (bytes > limits.maxRecordBytes()) {
            throw new InvalidEventException(e.event.payload() != null ? "/payload" : "/",
                    "the record would be " + bytes + " bytes, more than the limit of " + limits.maxRecordBytes());
        }
    }
}
