package dev.custody.adapters.s3gcs;

import dev.custody.ports.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gcs} provider's properties, checked at startup.
 *
 * @param bucket the bucket ({@code bucket}, required)
 * @param prefix prepended to every key ({@code prefix})
 * @param projectId the project ({@code project-id}), empty for the environment's
 * @param host an alternative endpoint ({@code host}, e.g. an emulator), empty for Google's
 * @param credentialsFile a service-account key file ({@code credentials-file}), empty for application default credentials
 * @param retention whether objects may carry their own retention ({@code object-retention}, default false: the
 *     bucket must have object retention enabled); a bucket retention policy ("Bucket Lock") needs no setting
 * @param retentionMode {@code locked} or {@code unlocked} ({@code object-retention-mode}, default locked)
 * @param holds whether legal holds are placed ({@code holds}, default false)
 * @param holdType {@code temporary} or {@code event-based} ({@code hold-type}, default temporary)
 */
record GcsSettings(String bucket, String prefix, Optional<String> projectId, Optional<String> host, Optional<Path> credentialsFile,
        boolean retention, String retentionMode, boolean holds, String holdType) {

    static final Set<String> KEYS = Set.of("bucket", "prefix", "project-id", "host", "credentials-file", "object-retention",
            "object-retention-mode", "holds", "hold-type");

    static GcsSettings from(ProviderConfig c) {
        c.rejectUnknownKeys(KEYS);
        String bucket = c.requireString("bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            throw c.invalid("bucket", bucket, "must be a valid GCS bucket name");
        }
        String mode = c.string("object-retention-mode", "locked").toLowerCase(Locale.ROOT);
        if (!mode.equals("locked") && !mode.equals("unlocked")) {
            throw c.invalid("object-retention-mode", mode, "must be locked or unlocked");
        }
        String holdType = c.string("hold-type", "temporary").toLowerCase(Locale.ROOT);
        if (!holdType.equals("temporary") && !holdType.equals("event-based")) {
            throw c.invalid("hold-type", holdType, "must be temporary or event-based");
        }
        Optional<Path> creds = c.path("credentials-file");
        creds.ifPresent(p -> {
            if (!java.nio.file.Files.isReadable(p)) {
                throw c.invalid("credentials-file", p.toString(), "must be a readable file");
            }
        });
        return new GcsSettings(bucket, ObjectKeys.prefix(c), c.string("project-id"), c.string("host"), creds,
                c.bool("object-retention", false), mode, c.bool("holds", false), holdType);
    }
}
