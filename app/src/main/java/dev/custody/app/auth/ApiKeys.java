package dev.custody.app.auth;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.domain.config.ApiKeyConfig;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.domain.config.Role;
import dev.custody.domain.config.TenantScope;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys the service accepts. When none is configured, a bootstrap admin key covering every
 * chain is used, its token kept in {@code <custody.home>/bootstrap-admin.token}. Not created in the
 * offline CLI (environment {@code cli}), which must never write a token.
 */
@Context
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)  // not inside the adapter's own context
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final List<ApiKeyConfig> keys;
    private final List<byte[]> hashes;

    public ApiKeys(ComplianceStorageConfig config) {
        if (config.apiKeys().isEmpty()) {
            Path file = config.home().resolve(BootstrapToken.FILE_NAME);
            String token = BootstrapToken.loadOrCreate(file);
            LOG.info("No API key configured: the bootstrap admin token is in {} (owner-only); "
                    + "configure custody.security.api-keys to replace it", file);
            this.keys = List.of(new ApiKeyConfig("bootstrap-admin", HexFormat.of().formatHex(sha256(token)),
                    Set.of(Role.ADMIN), List.of(TenantScope.ALL)));
        } else {
            this.keys = List.copyOf(config.apiKeys());
        }
        this.hashes = keys.stream().map(k -> HexFormat.of().parseHex(k.tokenSha256())).toList();
    }

    /**
     * The key whose token is {@code token}. Every configured hash is compared in constant time, with no
     * early exit, so timing tells nothing about which key (if any) matched.
     */
    public Optional<ApiKeyConfig> authenticate(String token) {
        byte[] presented = sha256(token);
        ApiKeyConfig match = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(presented, hashes.get(i)) && match == null) {
                match = keys.get(i);
            }
        }
        return Optional.ofNullable(match);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
