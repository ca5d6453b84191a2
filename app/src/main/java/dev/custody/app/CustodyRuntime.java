package dev.custody.app;

import static java.util.Objects.requireNonNull;

import dev.custody.app.access.AccessLog;
import dev.custody.app.hot.HotFeedingStore;
import dev.custody.app.hot.HotReads;
import dev.custody.app.hot.IngestPromoter;
import dev.custody.app.outage.OutageReportingStore;
import dev.custody.app.outage.StoreFailures;
import dev.custody.app.plugins.PluginDirectory;
import dev.custody.app.plugins.PluginSettings;
import dev.custody.app.plugins.SinkWiring;
import dev.custody.app.tiering.ArchiveWiring;
import dev.custody.app.tiering.Tiering;
import dev.custody.app.privacy.Privacy;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.config.BackendConfig;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.domain.config.PrivacyConfig;
import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.tiering.LiveTraffic;
import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.HotTierProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.PrivateFiles;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: from a {@link ComplianceStorageConfig} it finds the configured providers by name,
 * creates the system of record, checks it against the compliance flags and builds the domain services on
 * it. The service and the offline CLI commands both start here; nothing else creates storage.
 */
public final class CustodyRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustodyRuntime.class);


    /**
     * The Micronaut environment of the offline CLI commands: their context builds this runtime without the
     * HTTP server, and service-only beans ({@code @Requires(notEnv = OFFLINE_ENVIRONMENT)}) stay out.
     */
    public static final String OFFLINE_ENVIRONMENT = "cli";

    private final ComplianceStorageConfig config;
    private final KeyStore keys;
    private final AuditStore store;
    private final ChainAppender appender;
    private final ChainVerifier verifier = new ChainVerifier();
    private final Clock clock;
    private final DeliveryEngine delivery;
    private Tiering tiering;
    private final Privacy privacy;
    private final HotTier hot;
    private final HotReads reads;
    private volatile IngestPromoter promoter;
    private final AccessLog access;
    private final StoreFailures failures;

    private CustodyRuntime(ComplianceStorageConfig config, KeyStore keys, AuditStore store, ChainAppender appender,
            Clock clock, DeliveryEngine delivery, Privacy privacy, HotTier hot, StoreFailures failures) {
        this.privacy = privacy;
        this.failures = failures;
        this.config = config;
        this.keys = keys;
        this.store = store;
        this.appender = appender;
        this.clock = clock;
        this.delivery = delivery;
        this.hot = hot;
        this.reads = new HotReads(store, hot);
        this.access = new AccessLog(appender, config.compliance().syncAuditWrites());
    }

    /** Opens the configured backends and builds the services, without plugins or sinks (offline commands). */
    public static CustodyRuntime start(ComplianceStorageConfig config, AppendListener listener, ClassLoader loader, Clock clock) {
        requireNonNull(config, "config is null");
        return start(config, null, listener, DeliveryListener.NONE, loader, clock);
    }

    /**
     * Opens the configured backends, loads the plugin directory, builds the services and starts delivery
     * to the configured sinks (woken after each append has become durable).
     *
     * @param plugins the plugin directory and sinks; null for neither
     * @throws ConfigurationException naming the key and value when something configured cannot work
     */
    public static CustodyRuntime start(ComplianceStorageConfig config, PluginSettings plugins, AppendListener listener,
            DeliveryListener deliveryListener, ClassLoader loader, Clock clock) {
        return start(config, plugins, listener, deliveryListener, loader, clock, false,
                new StoreFailures(clock, StoreFailures.DEFAULT_WINDOW));
    }

    /**
     * As {@link #start(ComplianceStorageConfig, PluginSettings, AppendListener, DeliveryListener, ClassLoader, Clock)},
     * for the running service: when the system of record cannot be reached and its provider declares its capabilities
     * before connecting, the service starts without it and opens it in the background (appends spool meanwhile, or
     * answer 503 where the spool is off). Offline commands need the store and use the other method.
     *
     * @param failures where the system of record's failures are reported (the metric, health)
     */
    public static CustodyRuntime startService(ComplianceStorageConfig config, PluginSettings plugins, AppendListener listener,
            DeliveryListener deliveryListener, ClassLoader loader, Clock clock, StoreFailures failures) {
        return start(config, plugins, listener, deliveryListener, loader, clock, true, requireNonNull(failures, "failures is null"));
    }

    private static CustodyRuntime start(ComplianceStorageConfig config, PluginSettings plugins, AppendListener listener,
            DeliveryListener deliveryListener, ClassLoader loader, Clock clock, boolean startWithoutStore,
            StoreFailures failures) {
        requireNonNull(config, "config is null");
        try {
            PrivateFiles.createDirectories(config.home());
        } catch (IOException | SecurityException e) {
            throw ConfigurationException.invalid("custody.home", config.home().toString(), "must be a writable directory ("
                    + e.getMessage() + ")");
        }
        if (!Files.isWritable(config.home())) {
            throw ConfigurationException.invalid("custody.home", config.home().toString(), "must be a writable directory");
        }
        KeyStore keys = keyStore(config, loader, clock);
        PluginDirectory found = plugins == null ? null : PluginDirectory.scan(plugins.dir(), loader);
        ProviderRegistry<AuditStoreProvider> registry = found == null
                ? ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend")
                : ProviderRegistry.of("audit store backend", PluginDirectory.byName(found.stores()).values());
        String backend = config.primary().backend();
        AuditStore store;
        ReconnectingStore reconnecting = null;
        try {
            if (!registry.names().contains(backend)) {
                throw ConfigurationException.invalid(config.primary().key() + ".backend", backend,
                        "no such backend; known: " + registry.names() + " (a plugin backend needs its jar in the plugins directory)");
            }
            AuditStoreProvider provider = registry.get(backend);
            ProviderConfig storeConfig = ProviderConfig.of(config.primary().propertiesPrefix(), config.primary().properties());
            ProviderContext storeContext = new ProviderContext(config.home(), clock, keys);
            try {
                store = provider.create(storeConfig, storeContext);
            } catch (StoreUnavailableException e) {
                Optional<Set<StoreCapability>> declared = provider.capabilitiesBeforeConnecting();
                if (!startWithoutStore || declared.isEmpty()) {
                    throw e;
                }
                LOG.warn("The system of record ({}) cannot be reached at start: {}. Starting without it: appends spool "
                        + "(or answer 503 where the spool is off) and it is opened in the background as soon as it answers",
                        backend, e.getMessage());
                reconnecting = new ReconnectingStore(backend, () -> provider.create(storeConfig, storeContext), declared.get(), e);
                store = reconnecting;
            }
            // every failure of the store is an outage from here on: spooled or 503, counted, and on /health (ADR 0129)
            store = new OutageReportingStore(store, failures);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        Privacy privacy;
        try {
            privacy = Privacy.open(config, keys, loader, clock);
        } catch (RuntimeException e) {
            store.close();
            keys.close();
            throw e;
        }
        HotTier hot = null;
        try {
            hot = hotTier(config, loader, clock);
            if (config.compliance().hashChain() && !store.capabilities().contains(StoreCapability.CONDITIONAL_APPEND)) {
                throw new ConfigurationException("custody.compliance.hash-chain is on (mode "
                        + config.compliance().mode().configName() + "), but backend '" + backend
                        + "' cannot enforce atomic sequence uniqueness; choose a backend that can (file, postgres) "
                        + "or set custody.compliance.hash-chain=false");
            }
            store.enforceImmutableAudit(config.compliance().immutableAudit());
            AppendOptions options = AppendOptions.DEFAULT.withLimits(config.limits().event())
                    .withMaxBatchEvents(Math.max(AppendOptions.DEFAULT.maxBatchEvents(), config.limits().maxBatchEvents()));
            DeliveryEngine delivery = SinkWiring.engine(store, config.home(),
                    plugins == null ? PluginSettings.none(config.home()) : plugins,
                    found == null ? List.of() : found.sinks(), deliveryListener, clock);
            AppendListener wakeSinks = delivery.isEmpty() ? listener : new WakeSinks(listener, delivery);
            // archival yields to this runtime's appends (ADR 0122)
            LiveTraffic traffic = new LiveTraffic(wakeSinks, System::nanoTime);
            AuditStore appendTo = hot == null ? store : new HotFeedingStore(store, hot);
            ChainAppender appender = new ChainAppender(appendTo, clock, options, traffic, privacy.transformer());
            privacy.attach(store, appender);
            CustodyRuntime runtime = new CustodyRuntime(config, keys, store, appender, clock, delivery, privacy, hot, failures);
            runtime.tiering = ArchiveWiring.tiering(config, store, loader, keys, clock, traffic);
            delivery.start();
            if (reconnecting != null) {
                reconnecting.start();
            }
            if (runtime.asyncIngest()) {
                runtime.promoter = new IngestPromoter(hot, store, runtime.appender).start();
            }
            return runtime;
        } catch (RuntimeException e) {
            if (hot != null) {
                hot.close();
            }
            privacy.close();
            store.close();
            keys.close();
            throw e;
        }
    }

    /** The configured hot tier ({@code custody.storage.hot}), or null when none is configured. */
    private static HotTier hotTier(ComplianceStorageConfig config, ClassLoader loader, Clock clock) {
        Optional<BackendConfig> hot = config.hotTier();
        if (hot.isEmpty()) {
            return null;
        }
        ProviderRegistry<HotTierProvider> registry = ProviderRegistry.load(HotTierProvider.class, loader, "hot tier");
        String name = hot.get().backend();
        if (!registry.names().contains(name)) {
            throw ConfigurationException.invalid(ComplianceStorageConfig.HOT_KEY + ".provider", name,
                    "no such hot tier; known: " + registry.names());
        }
        return registry.get(name).create(ProviderConfig.of(ComplianceStorageConfig.HOT_KEY + ".", hot.get().properties()),
                new ProviderContext(config.home(), clock));
    }

    /** The configured key store ({@code custody.keys.provider}, default {@code tink}), opened before any backend. */
    private static KeyStore keyStore(ComplianceStorageConfig config, ClassLoader loader, Clock clock) {
        ProviderRegistry<KeyStoreProvider> registry = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store");
        String name = config.keys().backend();
        if (!registry.names().contains(name)) {
            throw ConfigurationException.invalid(config.keys().key() + ".provider", name, "no such key store; known: "
                    + registry.names());
        }
        return registry.get(name).create(ProviderConfig.of(config.keys().propertiesPrefix(), config.keys().properties()),
                new ProviderContext(config.home(), clock));
    }

    public ComplianceStorageConfig config() {
        return config;
    }

    /** The key store every encrypting backend and the personal-data cipher use. */
    public KeyStore keys() {
        return keys;
    }

    /** The system of record; its failures are reported to {@link #storeFailures()}. */
    public AuditStore store() {
        return store;
    }

    /** The failures of the system of record and the outage they make (ADR 0130). */
    public StoreFailures storeFailures() {
        return failures;
    }

    public ChainAppender appender() {
        return appender;
    }

    public ChainVerifier verifier() {
        return verifier;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Whether {@code chain} exists: it holds records, or something Custody keeps says it held some (a retention
     * record's anchors, an archived segment). A chain that does not exist is "not found"; one that existed and holds
     * nothing any more is a verification failure, never "not found".
     */
    public boolean chainExists(ChainId chain, dev.custody.domain.chain.ChainAnchors anchors) {
        try {
            if (!store.tip(chain).isGenesis()) {
                return true;
            }
        } catch (dev.custody.ports.ChainUnreadableException e) {
            return true;   // it holds records, one of which cannot be read: verification reports it broken there
        }
        return anchors.heldThrough(chain).isPresent()
                || (tiering != null && !dev.custody.domain.tiering.ArchiveIndex.of(tiering.archive(), chain).isEmpty());
    }

    /** The cold archive and the services over it, when {@code custody.archive} is configured. */
    public Optional<Tiering> tiering() {
        return Optional.ofNullable(tiering);
    }

    /** Personal-data protection, subject data stores and erasure. */
    public Privacy privacy() {
        return privacy;
    }

    /** Where reads of the trail are recorded. */
    public AccessLog access() {
        return access;
    }

    /** The hot tier, if one is configured. */
    public Optional<HotTier> hotTier() {
        return Optional.ofNullable(hot);
    }

    /** Queries, answered from the hot tier when it gives the system of record's answer. */
    public HotReads reads() {
        return reads;
    }

    /**
     * Whether appends may be acknowledged once in the hot tier's ingest buffer ({@code 202}): only in compliance
     * mode {@code none} with synchronous writes off and a hot tier configured. Otherwise the system of record is
     * written first.
     */
    public boolean asyncIngest() {
        return hot != null && config.compliance().mode() == ComplianceMode.NONE && !config.compliance().syncAuditWrites()
                && !transformsEvents(config.privacy());
    }

    /**
     * Whether events are changed before they are stored (personal fields encrypted, subject ids pseudonymised,
     * fields minimised or redacted). Such events never wait raw in the hot tier's ingest buffer: they are written
     * synchronously, so Redis never holds what the transformation exists to keep out of storage.
     */
    private static boolean transformsEvents(PrivacyConfig privacy) {
        return privacy.personalData() || !privacy.minimisation().isEmpty() || !privacy.redactors().isEmpty();
    }

    /** The promoter of the ingest buffer, when {@link #asyncIngest()}. */
    public Optional<IngestPromoter> promoter() {
        return Optional.ofNullable(promoter);
    }

    /** Delivery to the configured sinks (none for offline commands). */
    public DeliveryEngine delivery() {
        return delivery;
    }

    /**
     * Stops promotion (what is left stays in the ingest buffer), finishes pending appends, stops delivery (cursors
     * stay where acknowledged), then closes the hot tier and the store.
     */
    @Override
    public void close() {
        try {
            if (promoter != null) {
                promoter.close();
            }
            access.close();
            appender.close();
        } finally {
            try {
                delivery.close();
            } finally {
                try {
                    if (tiering != null) {
                        tiering.archive().close();
                    }
                    try {
                        privacy.close();
                    } finally {
                        if (hot != null) {
                            hot.close();
                        }
                    }
                } finally {
                    try {
                        store.close();
                    } finally {
                        keys.close();
                    }
                }
            }
        }
    }

    /** Passes every event on, and wakes the sinks once a batch is durable. */
    private record WakeSinks(AppendListener next, DeliveryEngine delivery) implements AppendListener {
        @Override
        public void batchAppended(ChainId chain, int events, long nanos) {
            next.batchAppended(chain, events, nanos);
            delivery.appended(chain, events);
        }

        @Override
        public void conflict(ChainId chain, int attempt) {
            next.conflict(chain, attempt);
        }

        @Override
        public void failed(ChainId chain, int events, Throwable error) {
            next.failed(chain, events, error);
        }
    }
}
