package dev.custody.adapters.s3gcs;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ArchiveStoreException;
import dev.custody.ports.spi.ArchiveStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/** Provides the {@code gcs} archive (Google Cloud Storage). Properties: see {@link GcsSettings}. */
public final class GcsArchiveStoreProvider implements ArchiveStoreProvider {

    @Override
    public String name() {
        return "gcs";
    }

    @Override
    public ArchiveStore create(ProviderConfig config, ProviderContext context) {
        GcsSettings s = GcsSettings.from(config);
        StorageOptions.Builder b = StorageOptions.newBuilder();
        s.projectId().ifPresent(b::setProjectId);
        s.host().ifPresent(b::setHost);
        if (s.credentialsFile().isPresent()) {
            try (InputStream in = Files.newInputStream(s.credentialsFile().get())) {
                b.setCredentials(GoogleCredentials.fromStream(in));
            } catch (IOException e) {
                throw ConfigurationException.invalid(config.fullKey("credentials-file"), s.credentialsFile().get().toString(),
                        "cannot be read as a Google credentials file (" + e.getMessage() + ")");
            }
        }
        return open(b.build().getService(), s);
    }

    /** A store over an existing client (tests pass the google-cloud-nio fake); checks the bucket exists. */
    static ArchiveStore open(Storage storage, GcsSettings s) {
        try {
            if (storage.get(s.bucket()) == null) {
                throw new ArchiveStoreException("gcs bucket " + s.bucket() + " does not exist");
            }
        } catch (StorageException e) {
            throw new ArchiveStoreException("gcs bucket " + s.bucket() + " is not reachable: " + e.getMessage(), e);
        }
        return new GcsArchiveStore(storage, s);
    }
}
