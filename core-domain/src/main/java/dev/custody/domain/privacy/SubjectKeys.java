package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.KeyStore;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetPrf;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys and pseudonyms of data subjects, in the {@link KeyStore}:
 * <ul>
 *   <li>the <b>service pseudonym</b> {@code S} = HMAC-SHA256 (128 bits) of the subject id under the service
 *       keyset {@value #SERVICE_KEYSET}: stable for the life of the service, it names the subject where a
 *       name must survive erasure (the {@code gdpr_erasure} record, the subject index, subject data stores);</li>
 *   <li>the subject's PRF keyset {@code subject-prf-<S>} and the <b>record pseudonym</b> {@code P} = HMAC-SHA256
 *       (128 bits) of the subject id under it, stored as {@code subject_id} on records as
 *       {@value #RECORD_PREFIX}{@code <hex>};</li>
 *   <li>the subject's AEAD keyset {@code subject-<P>}, which encrypts the personal fields.</li>
 * </ul>
 * Erasure destroys both subject keysets; afterwards nobody can compute {@code P} from the id, so nothing on
 * the chains links back to the person, and nothing decrypts the fields.
 */
public final class SubjectKeys {

    /** The keyset of the service pseudonym; never destroyed. */
    public static final String SERVICE_KEYSET = "custody-service-pseudonym";
    /** The prefix of a record pseudonym in the stored {@code subject_id}. */
    public static final String RECORD_PREFIX = "p1:";
    private static final int BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final KeyStore keys;

    public SubjectKeys(KeyStore keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** The service pseudonym of {@code subjectId}: 32 hex digits. Creates the service keyset at first use. */
    public String servicePseudonym(String subjectId) {
        return hex(keys.prf(SERVICE_KEYSET), subjectId);
    }

    /** The subject's keys, creating them at first use. */
    public Subject open(String subjectId) {
        String s = servicePseudonym(subjectId);
        String p = hex(keys.prf(prfKeyset(s)), subjectId);
        return new Subject(s, RECORD_PREFIX + p, keys.cipher(aeadKeyset(p)));
    }

    /** Runs {@code work}, which opens the keys of several subjects, so that new keys become durable once ({@link KeyStore#batch}). */
    public <T> T batch(Supplier<T> work) {
        return keys.batch(work);
    }

    /** The record pseudonym of {@code subjectId} if the subject's keys exist; never creates keys. */
    public Optional<String> recordPseudonym(String subjectId) {
        return keys.existingPrf(prfKeyset(servicePseudonym(subjectId))).map(prf -> RECORD_PREFIX + hex(prf, subjectId));
    }

    /** The cipher of the subject whose records carry {@code storedSubjectId}, unless erased (or not a pseudonym). */
    public Optional<KeysetCipher> cipherOf(String storedSubjectId) {
        if (storedSubjectId == null || !storedSubjectId.startsWith(RECORD_PREFIX)
                || !storedSubjectId.substring(RECORD_PREFIX.length()).matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return keys.existing(aeadKeyset(storedSubjectId.substring(RECORD_PREFIX.length())));
    }

    /** Whether the subject with service pseudonym {@code s} has keys. */
    public boolean exists(String s) {
        return keys.existingPrf(prfKeyset(s)).isPresent();
    }

    /**
     * Destroys the keys of the subject {@code subjectId} (crypto-shredding): the AEAD keyset first, then the
     * PRF keyset. Idempotent.
     *
     * @return how many keysets existed and were destroyed
     * @throws dev.custody.ports.KeyStoreException when key material could not be deleted
     */
    public int destroy(String subjectId) {
        String s = servicePseudonym(subjectId);
        int destroyed = 0;
        Optional<String> p = keys.existingPrf(prfKeyset(s)).map(prf -> hex(prf, subjectId));
        if (p.isPresent() && keys.destroy(aeadKeyset(p.get()))) {
            destroyed++;
        }
        if (keys.destroy(prfKeyset(s))) {
            destroyed++;
        }
        return destroyed;
    }

    /**
     * One subject's keys.
     *
     * @param servicePseudonym {@code S}, 32 hex digits
     * @param recordPseudonym what records carry as {@code subject_id}
     * @param cipher the subject's AEAD
     */
    public record Subject(String servicePseudonym, String recordPseudonym, KeysetCipher cipher) {
    }

    private static String prfKeyset(String s) {
        return "subject-prf-" + s;
    }

    private static String aeadKeyset(String p) {
        return "subject-" + p;
    }

    private static String hex(KeysetPrf prf, String subjectId) {
        return HEX.formatHex(prf.compute(("custody.subject.v1|" + subjectId).getBytes(StandardCharsets.UTF_8), BYTES));
    }
}
