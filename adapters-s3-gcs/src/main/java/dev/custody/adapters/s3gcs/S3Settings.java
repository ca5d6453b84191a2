package dev.custody.adapters.s3gcs;

import dev.custody.ports.spi.ProviderConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code s3} provider's properties, checked at startup.
 *
 * @param bucket the bucket ({@code bucket}, required)
 * @param prefix prepended to every key ({@code prefix}, default none)
 * @param region the signing region ({@code region}, default {@code us-east-1})
 * @param endpoint an S3-compatible endpoint ({@code endpoint}), empty for AWS
 * @param pathStyle path-style requests ({@code path-style}, default false; S3-compatible stores often need true)
 * @param accessKeyId static credentials ({@code access-key-id}), empty for the SDK's default chain
 * @param secretAccessKey static credentials ({@code secret-access-key})
 * @param objectLock whether the bucket has Object Lock enabled ({@code object-lock}, default false): then the
 *     store offers retention and legal hold
 * @param objectLockMode {@code GOVERNANCE} or {@code COMPLIANCE} ({@code object-lock-mode}, default COMPLIANCE)
 * @param createBucket create the bucket at startup when missing ({@code create-bucket}, default false; tests
 *     and development)
 */
record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
        Optional<String> accessKeyId, Optional<String> secretAccessKey, boolean objectLock, String objectLockMode,
        boolean createBucket) {

    static final Set<String> KEYS = Set.of("bucket", "prefix", "region", "endpoint", "path-style", "access-key-id",
            "secret-access-key", "object-lock", "object-lock-mode", "create-bucket");

    static S3Settings from(ProviderConfig c) {
        c.rejectUnknownKeys(KEYS);
        String bucket = c.requireString("bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw c.invalid("bucket", bucket, "must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, dashes)");
        }
        Optional<URI> endpoint = c.string("endpoint").map(v -> {
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    throw c.invalid("endpoint", v, "must be an http(s) URL");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw c.invalid("endpoint", v, "must be an http(s) URL");
            }
        });
        Optional<String> id = c.string("access-key-id");
        Optional<String> secret = c.string("secret-access-key");
        if (id.isPresent() != secret.isPresent()) {
            throw c.invalid(id.isPresent() ? "secret-access-key" : "access-key-id", "", "access-key-id and secret-access-key go together");
        }
        String mode = c.string("object-lock-mode", "COMPLIANCE").toUpperCase(Locale.ROOT);
        if (!mode.equals("COMPLIANCE") && !mode.equals("GOVERNANCE")) {
            throw c.invalid("object-lock-mode", mode, "must be COMPLIANCE or GOVERNANCE");
        }
        return new S3Settings(bucket, ObjectKeys.prefix(c), c.string("region", "us-east-1"), endpoint, c.bool("path-style", false),
                id, secret, c.bool("object-lock", false), mode, c.bool("create-bucket", false));
    }
}
