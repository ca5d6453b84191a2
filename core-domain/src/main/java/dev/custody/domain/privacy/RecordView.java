package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.domain.privacy.PersonalDataProtector.FieldCipher;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a stored record is shown to a reader. Encrypted personal fields ({@code {"enc":"custody.v1",…}}) are
 * decrypted for readers allowed to see personal data, kept in their stored (encrypted) form for the others,
 * and shown as {@value #ERASED} to everyone once the subject has been erased. A record without encrypted
 * fields is returned exactly as stored. A changed view no longer matches its {@code record_hash}: verify
 * the export, which is always the stored bytes.
 */
public final class RecordView {

    /** What an erased personal field reads as. */
    public static final String ERASED = "[erased]";
    private static final String MARK = "\"enc\":\"" + FieldCipher.VERSION + "\"";

    private final SubjectKeys keys;

    public RecordView(SubjectKeys keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    /**
     * The record {@code json} as {@code plaintext} readers (or others) see it.
     *
     * @param plaintext whether the reader may see personal fields in clear
     */
    public String render(String json, boolean plaintext) {
        if (!json.contains(MARK)) {
            return json;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.parse(json, RecordLimits.READER_MAX_DEPTH);
        Object subject = record.get("subject_id");
        Object payload = record.get("payload");
        if (!(payload instanceof Map<?, ?>)) {
            return json;
        }
        if (!(subject instanceof String s) || !s.startsWith(SubjectKeys.RECORD_PREFIX)) {
            return json;   // no pseudonymised subject: nothing Custody sealed
        }
        Optional<KeysetCipher> cipher = keys.cipherOf(s);
        if (cipher.isPresent() && !plaintext) {
            return json;
        }
        String id = (String) record.get("id");
        Object shown = walk(payload, "/payload", cipher.orElse(null), id);
        if (shown == payload) {
            return json;
        }
        Map<String, Object> out = new LinkedHashMap<>(record);
        out.put("payload", shown);
        return Jcs.canonicalize(out);
    }

    private static Object walk(Object v, String pointer, KeysetCipher cipher, String id) {
        if (FieldCipher.isSealed(v)) {
            if (cipher == null) {
                return ERASED;
            }
            try {
                byte[] ct = Base64.getUrlDecoder().decode((String) ((Map<?, ?>) v).get(FieldCipher.CT));
                return Json.parse(new String(cipher.decrypt(ct, FieldCipher.associatedData(id, pointer)), StandardCharsets.UTF_8),
                        RecordLimits.READER_MAX_DEPTH);
            } catch (KeyStoreException | IllegalArgumentException e) {
                return v;   // not sealed by Custody for this field: shown as stored
            }
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                Object w = walk(e.getValue(), pointer + "/" + key.replace("~", "~0").replace("/", "~1"), cipher, id);
                changed |= w != e.getValue();
                copy.put(key, w);
            }
            return changed ? copy : v;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            boolean changed = false;
            for (int i = 0; i < l.size(); i++) {
                Object w = walk(l.get(i), pointer + "/" + i, cipher, id);
                changed |= w != l.get(i);
                copy.add(w);
            }
            return changed ? copy : v;
        }
        return v;
    }
}
