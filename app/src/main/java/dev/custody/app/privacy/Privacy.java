package dev.custody.app.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.EventTransformer;
import dev.custody.domain.config.BackendConfig;
import dev.custody.domain.config.CheckpointLimits;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.domain.config.PrivacyConfig;
import dev.custody.domain.privacy.ErasureService;
import dev.custody.domain.privacy.Minimiser;
import dev.custody.domain.privacy.PersonalDataProtector;
import dev.custody.domain.privacy.RecordView;
import dev.custody.domain.privacy.SubjectDataListener;
import dev.custody.domain.privacy.SubjectIndex;
import dev.custody.domain.privacy.SubjectKeys;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.KeyStore;
import dev.custody.ports.Redactor;
import dev.custody.ports.SubjectDataStore;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.Provider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import dev.custody.ports.spi.RedactorProvider;
import dev.custody.ports.spi.SubjectDataStoreProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Personal-data protection of one Custody instance: the transformer every event passes before it is
 * hashed, the subject data stores, erasure and the reader views. Created by the composition root.
 */
public final class Privacy implements AutoCloseable {

    /** The data type of conversation checkpoints, as the redis store names it. */
    public static final String CHECKPOINTS = "conversation_checkpoints";
    /** How an access record names a subject filter for a subject without keys (never seen, or erased). */
    public static final String UNKNOWN_SUBJECT = "[unknown subject]";
    /** How an access record names a subject filter when there is no key store to hash it with. */
    public static final String WITHHELD_SUBJECT = "[withheld subject]";

    private final PrivacyConfig config;
    private final SubjectKeys keys;
    private final SubjectIndex index;
    private final EventTransformer transformer;
    private final List<SubjectDataStore> stores;
    private final Clock clock;
    private final RecordView view;
    private volatile SubjectDataListener listener = SubjectDataListener.NONE;
    private ErasureService erasure;

    private Privacy(PrivacyConfig config, SubjectKeys keys, SubjectIndex index, EventTransformer transformer,
            List<SubjectDataStore> stores, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.index = index;
        this.transformer = transformer;
        this.stores = stores;
        this.clock = clock;
        this.view = new RecordView(keys);
    }

    /**
     * Loads the redactors and opens the subject data stores.
     *
     * @throws ConfigurationException naming the key when a provider is unknown or its configuration invalid
     */
    public static Privacy open(ComplianceStorageConfig config, KeyStore keyStore, ClassLoader loader, Clock clock) {
        PrivacyConfig p = config.privacy();
        if (p.personalData() && keyStore == KeyStore.NONE) {
            throw new ConfigurationException("custody.personal-data is enabled but no key store is configured (custody.keys)");
        }
        ProviderContext context = new ProviderContext(config.home(), clock, keyStore);
        List<Redactor> redactors = new ArrayList<>();
        for (BackendConfig r : p.redactors()) {
            redactors.add(create(RedactorProvider.class, "redactor", r, loader, context));
        }
        List<SubjectDataStore> stores = new ArrayList<>();
        try {
            for (BackendConfig s : p.subjectStores()) {
                stores.add(create(SubjectDataStoreProvider.class, "subject data store", s, loader, context));
            }
        } catch (RuntimeException e) {
            stores.forEach(SubjectDataStore::close);
            throw e;
        }
        SubjectKeys keys = new SubjectKeys(keyStore);
        SubjectIndex index = new SubjectIndex(config.home().resolve("subjects"));
        Minimiser minimiser = new Minimiser(p.minimisation(), redactors);
        EventTransformer transformer = !p.personalData() && minimiser.isEmpty() ? EventTransformer.IDENTITY
                : new PersonalDataProtector(p.personalData(), p.personalFields(), minimiser, keys, index);
        return new Privacy(p, keys, index, transformer, List.copyOf(stores), clock);
    }

    private static <T, P extends Provider<T>> T create(Class<P> type, String kind, BackendConfig c, ClassLoader loader,
            ProviderContext context) {
        ProviderRegistry<P> registry = ProviderRegistry.load(type, loader, kind);
        if (!registry.names().contains(c.backend())) {
            throw ConfigurationException.invalid(c.key() + (kind.equals("redactor") ? "" : ".provider"), c.backend(),
                    "no such " + kind + "; known: " + registry.names());
        }
        return registry.get(c.backend()).create(ProviderConfig.of(c.propertiesPrefix(), c.properties()), context);
    }

    /** Builds erasure on the system of record and the appender (which must use {@link #transformer()}). */
    public void attach(AuditStore store, ChainAppender appender) {
        this.erasure = new ErasureService(keys, index, store, appender, stores,
                (type, cause, count) -> listener.deleted(type, cause, count), clock);
    }

    /** What every event passes through before it is encoded and hashed. */
    public EventTransformer transformer() {
        return transformer;
    }

    /** Whether subject ids are pseudonymised and personal fields encrypted. */
    public boolean enabled() {
        return config.personalData();
    }

    /** Reports deletions of subject data to {@code l} from now on. */
    public void listen(SubjectDataListener l) {
        this.listener = requireNonNull(l, "listener is null");
    }

    public ErasureService erasure() {
        return erasure;
    }

    /** How readers see stored records. */
    public RecordView view() {
        return view;
    }

    /**
     * What records store as {@code subject_id} for {@code subjectId}: the id itself when protection is off;
     * otherwise its record pseudonym, or empty when the subject has no keys (never seen, or erased).
     */
    public Optional<String> storedSubjectId(String subjectId) {
        return enabled() ? keys.recordPseudonym(subjectId) : Optional.of(subjectId);
    }

    /**
     * How an access record names a {@code subject_id} filter, never as the id itself: with protection on, the
     * subject's record pseudonym ({@code p1:…}, what its records carry) or {@value #UNKNOWN_SUBJECT}; with it off,
     * {@code s1:} and the subject's service pseudonym (the keyed hash erasure records name, too).
     */
    public String accessSubject(String subjectId) {
        if (enabled()) {
            return keys.recordPseudonym(subjectId).orElse(UNKNOWN_SUBJECT);
        }
        try {
            return "s1:" + keys.servicePseudonym(subjectId);
        } catch (RuntimeException e) {   // no key store configured: nothing to key the hash with
            return WITHHELD_SUBJECT;
        }
    }

    /** The subject data stores. */
    public List<SubjectDataStore> stores() {
        return stores;
    }

    /** How large a conversation checkpoint may be, and how many one chain may hold. */
    public CheckpointLimits checkpointLimits() {
        return config.checkpoints();
    }

    /**
     * Stores a conversation checkpoint of {@code subjectId} for {@code chain} (the tenant whose data it is) in the
     * first store of conversation checkpoints, keyed by the subject's service pseudonym (never the raw id), the chain
     * and the thread, unless the chain already holds {@link CheckpointLimits#maxPerChain()} checkpoints.
     *
     * @return false, storing nothing, when the chain holds its most checkpoints already
     * @throws IllegalStateException when no such store is configured
     * @throws UnsupportedOperationException when the store cannot keep checkpoints per chain
     */
    public boolean putCheckpoint(ChainId chain, String subjectId, String threadId, String checkpoint) {
        return checkpoints().putIn(chain, keys.servicePseudonym(subjectId), threadId, checkpoint, clock.instant(),
                config.checkpoints().maxPerChain());
    }

    /** A conversation checkpoint of {@code subjectId} stored for {@code chain}, if stored. */
    public Optional<String> checkpoint(ChainId chain, String subjectId, String threadId) {
        return checkpoints().getIn(chain, keys.servicePseudonym(subjectId), threadId);
    }

    private SubjectDataStore checkpoints() {
        return stores.stream().filter(s -> s.dataType().equals(CHECKPOINTS)).findFirst().orElseThrow(() ->
                new IllegalStateException("no store of " + CHECKPOINTS + " is configured (custody.subject-data.stores)"));
    }

    @Override
    public void close() {
        index.close();
        stores.forEach(SubjectDataStore::close);
    }
}
