package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventTransformer;
import dev.custody.domain.chain.InvalidEventException;
import dev.custody.domain.json.Jcs;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an event becomes before it is encoded and hashed: its payload minimised, and — when personal-data
 * protection is on and the event names a subject — every configured personal field encrypted with the
 * subject's own keyset and the subject id replaced by the record pseudonym. An event that carries a
 * personal field but no {@code subject_id} is refused, so a personal field is never stored in clear.
 */
public final class PersonalDataProtector implements EventTransformer {

    private final boolean enabled;
    private final List<PayloadPointer> fields;
    private final Minimiser minimiser;
    private final SubjectKeys keys;
    private final SubjectIndex index;

    public PersonalDataProtector(boolean enabled, List<PayloadPointer> fields, Minimiser minimiser, SubjectKeys keys,
            SubjectIndex index) {
        this.enabled = enabled;
        this.fields = List.copyOf(fields);
        this.minimiser = requireNonNull(minimiser, "minimiser is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.index = requireNonNull(index, "index is null");
    }

    @Override
    public AuditEvent apply(AuditEvent event, String recordId) {
        Map<String, Object> payload = minimiser.apply(event.kind(), event.payload());
        if (!enabled) {
            return payload == event.payload() ? event : with(event, event.subjectId(), payload);
        }
        if (event.subjectId() == null) {
            if (payload != null) {
                for (PayloadPointer f : fields) {
                    if (f.find(payload).isPresent()) {
                        throw new InvalidEventException("/subject_id", "is required: the event carries the personal field "
                                + f + ", which is stored only encrypted for its subject");
                    }
                }
            }
            return payload == event.payload() ? event : with(event, null, payload);
        }
        SubjectKeys.Subject subject = keys.open(event.subjectId());
        index.addChain(subject.servicePseudonym(), event.chain());
        if (payload != null) {
            for (PayloadPointer f : fields) {
                var found = f.find(payload);
                if (found.isPresent()) {
                    payload = f.replace(payload, FieldCipher.seal(subject.cipher(), recordId, f.text(), found.get()[0]));
                }
            }
        }
        return with(event, subject.recordPseudonym(), payload);
    }

    /** The keys and index entries of the batch's new subjects become durable together, once each (ADR 0100, 0102). */
    @Override
    public <T> T batch(Supplier<T> work) {
        return enabled ? keys.batch(() -> index.batch(work)) : work.get();
    }

    private static AuditEvent with(AuditEvent e, String subjectId, Map<String, Object> payload) {
        return new AuditEvent(e.chain(), e.kind(), e.action(), e.actor(), e.resource(), e.outcome(), subjectId,
                e.occurredAt(), payload);
    }

    /** The stored form of one encrypted field: {@code {"enc":"custody.v1","ct":"<base64url>"}}. */
    static final class FieldCipher {
        static final String ENC = "enc";
        static final String VERSION = "custody.v1";
        static final String CT = "ct";

        private FieldCipher() {
        }

        static Map<String, Object> seal(dev.custody.ports.KeysetCipher cipher, String recordId, String pointer, Object value) {
            byte[] ct = cipher.encrypt(Jcs.canonicalBytes(value), associatedData(recordId, pointer));
            Map<String, Object> sealed = new LinkedHashMap<>();
            sealed.put(ENC, VERSION);
            sealed.put(CT, Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
            return sealed;
        }

        static boolean isSealed(Object v) {
            return v instanceof Map<?, ?> m && m.size() == 2 && VERSION.equals(m.get(ENC)) && m.get(CT) instanceof String;
        }

        static byte[] associatedData(String recordId, String pointer) {
            return ("custody.field.v1|" + recordId + "|" + pointer).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
