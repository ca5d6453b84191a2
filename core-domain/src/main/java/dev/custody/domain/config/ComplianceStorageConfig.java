package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.compliance.ComplianceSettings;
import java.nio.file.Path;
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
 * @param hot the hot tier ({@code custody.storage.hot}: {@code provider} and its properties), or null for none
 */
public record ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
        List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys, BackendConfig hot) {

    /** The hot tier's configuration key. */
    public static final String HOT_KEY = "custody.storage.hot";

    /** The key store's configuration key. */
    public static final String KEYS_KEY = "custody.keys";
    /** The key store used when none is configured. */
    public static final String DEFAULT_KEY_STORE = "tink";

    /** With the default key store ({@code tink}, its properties all defaulted). */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits) {
        this(home, compliance, primary, apiKeys, limits, BackendConfig.of(KEYS_KEY, DEFAULT_KEY_STORE));
    }

    /** Without a hot tier. */
    public ComplianceStorageConfig(Path home, ComplianceSettings compliance, BackendConfig primary,
            List<ApiKeyConfig> apiKeys, IngestLimits limits, BackendConfig keys) {
        this(home, compliance, primary, apiKeys, limits, keys, null);
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
        apiKeys = List.copyOf(requireNonNull(apiKeys, "apiKeys is null"));
        long distinct = apiKeys.stream().map(ApiKeyConfig::tokenSha256).distinct().count();
        if (distinct != apiKeys.size()) {
            throw new IllegalArgumentException("Invalid value for custody.security.api-keys: two keys have the same token-sha256");
        }
    }
}
