package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.compliance.ComplianceSettings;
import dev.custody.domain.spool.SpoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a Custody instance is configured with, as plain immutable values: where its local state
 * lives, its compliance flags, its system of record and its API keys. The app binds it from
 * {@code application.yml}, {@code --config FILE} and environment variables; the composition root builds
 * every service from it.
 *
 * @param home the local state directory ({@code custody.home}); backends that keep local files default to folders under it
 * @param compliance the effective compliance flags
 * @param primary the system of record ({@code custody.storage.primary})
 * @param apiKeys the configured API keys; empty means "create a bootstrap admin key"
 * @param limits how large requests and events may be
 * @param keys the key store ({@code custody.keys}: {@code provider}, default {@code tink}, and its properties)
 * @param spool what happens to appends while the system of record is unreachable ({@code custody.spool})
 * @param archive the cold archive ({@code custody.archive}), or null when none is configured
 * @param privacy personal-data protection, minimisation and subject data stores
 * @param hot the hot tier ({@code custody.storage.hot}: {@code provider} and its properties), or null for none
 * @param chainIdleTimeout how long a chain may go unused before the service releases what it holds in memory for it
 *     ({@code custody.chains.idle-timeout}, ADR 0127)
 */
public record ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
        List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, SpoolSettings spool, ArchiveConfig archive,
        PrivacyConfig privacy, BackendConfig hot, Duration chainIdleTimeout) {

    /** The hot tier's configuration key. */
    public static final String HOT_KEY = "custody.storage.hot";

    /** The key store's configuration key. */
    public static final String KEYS_KEY = "custody.keys";
    /** The key store used when none is configured. */
    public static final String DEFAULT_KEY_STORE = "tink";

    /** The key of {@link #chainIdleTimeout}. */
    public static final String CHAIN_IDLE_TIMEOUT_KEY = "custody.chains.idle-timeout";
    /** {@link #chainIdleTimeout} when none is configured, and its bounds. */
    public static final Duration DEFAULT_CHAIN_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MIN_CHAIN_IDLE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_CHAIN_IDLE_TIMEOUT = Duration.ofDays(1);

    /** With the default {@link #chainIdleTimeout}. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, SpoolSettings spool, ArchiveConfig archive,
            PrivacyConfig privacy, BackendConfig hot) {
        this(home, compliance, primary, apiKeys, limits, keys, spool, archive, privacy, hot, DEFAULT_CHAIN_IDLE_TIMEOUT);
    }

    /** With the default key store ({@code tink}, its properties all defaulted). */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits) {
        this(home, compliance, primary, apiKeys, limits, BackendConfig.of(KEYS_KEY, DEFAULT_KEY_STORE));
    }

    /** With the spool the compliance mode implies ({@link #defaultSpool}), no cold archive and no hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys) {
        this(home, compliance, primary, apiKeys, limits, keys, defaultSpool(compliance), null, PrivacyConfig.NONE, null);
    }

    /** With this spool, no cold archive and no hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, SpoolSettings spool) {
        this(home, compliance, primary, apiKeys, limits, keys, spool, null, PrivacyConfig.NONE, null);
    }

    /** With the spool the compliance mode implies, this cold archive (null for none) and no hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, ArchiveConfig archive) {
        this(home, compliance, primary, apiKeys, limits, keys, defaultSpool(compliance), archive, PrivacyConfig.NONE,
                null);
    }

    /** With this spool, cold archive (null for none) and personal-data protection, and no hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, SpoolSettings spool, ArchiveConfig archive,
            PrivacyConfig privacy) {
        this(home, compliance, primary, apiKeys, limits, keys, spool, archive, privacy, null);
    }

    /**
     * The spool when {@code custody.spool.enabled} is not set: off in {@code hipaa} (an unreachable system of
     * record is a 503, never a local copy), on with the default bounds otherwise (ADR 0060).
     */
    public static SpoolSettings defaultSpool(ComplianceSettings compliance) {
        return compliance.mode() == ComplianceMode.HIPAA ? SpoolSettings.DISABLED : SpoolSettings.enabledWithDefaults();
    }

    /** With the spool the compliance mode implies, no cold archive, this personal-data protection and no hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, PrivacyConfig privacy) {
        this(home, compliance, primary, apiKeys, limits, keys, defaultSpool(compliance), null, privacy, null);
    }

    /** The same configuration with this hot tier (null for none). */
    public ComplianceStorageConfig withHot(BackendConfig hot) {
        return new ComplianceStorageConfig(home, compliance, primary, apiKeys, limits, keys, spool, archive, privacy, hot,
                chainIdleTimeout);
    }

    /** The cold archive, if one is configured. */
    public java.util.Optional<ArchiveConfig> archiveConfig() {
        return java.util.Optional.ofNullable(archive);
    }

    /** The hot tier, if one is configured. */
    public java.util.Optional<BackendConfig> hotTier() {
        return java.util.Optional.ofNullable(hot);
    }

    public ComplianceStorageConfig {
        requireNonNull(home, "home is null");
        requireNonNull(compliance, "compliance is null");
        requireNonNull(primary, "primary is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(spool, "spool is null");
        requireNonNull(privacy, "privacy is null");
        requireNonNull(chainIdleTimeout, "chainIdleTimeout is null");
        if (chainIdleTimeout.compareTo(MIN_CHAIN_IDLE_TIMEOUT) < 0 || chainIdleTimeout.compareTo(MAX_CHAIN_IDLE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("Invalid value for " + CHAIN_IDLE_TIMEOUT_KEY + "=" + chainIdleTimeout
                    + ": must be from 1s to 86400s");
        }
        apiKeys = List.copyOf(requireNonNull(apiKeys, "apiKeys is null"));
        long distinct = apiKeys.stream().map(ApiKeyConfig::tokenSha256).distinct().count();
        if (distinct != apiKeys.size()) {
            throw new IllegalArgumentException("Invalid value for custody.security.api-keys: two keys have the same token-sha256");
        }
    }
}
