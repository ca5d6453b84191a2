package dev.custody.adapters.s3gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveStore;
import dev.custody.tck.archive.ArchiveProtectionContract;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Retention and holds on the GCS store configured without them: the kit proves both are refused. The
 * google-cloud-nio fake does not enforce retention or holds (it keeps whatever fields it is sent and
 * deletes regardless, and it ignores metadata patches), so the enforced path cannot be proven against it; {@link #holdsAndRetention_areSentToTheService}
 * shows the store sends them, and docs/tiers.md says so.
 */
class GcsArchiveProtectionTest extends ArchiveProtectionContract {

    @Override
    protected ArchiveStore openArchive() {
        return GcsArchiveObjectsTest.open(Map.of("bucket", "custody-tck"));
    }

    @Override
    protected Set<ArchiveCapability> unsupported() {
        return EnumSet.allOf(ArchiveCapability.class);
    }

    @Test
    void holdsAndRetention_areSentToTheService() {
        try (ArchiveStore held = GcsArchiveObjectsTest.open(Map.of("bucket", "custody-tck", "holds", "true",
                "object-retention", "true"))) {
            assertThat(held.capabilities()).containsExactlyInAnyOrder(ArchiveCapability.values());
            String key = prefix + "held";
            held.put(key, bytes(5), plain().withLegalHold(true));
            var stored = GcsArchiveObjectsTest.STORAGE.get(com.google.cloud.storage.BlobId.of("custody-tck", key));
            assertThat(stored.getTemporaryHold()).isTrue();
            assertThat(held.head(key).orElseThrow().legalHold()).isTrue();
            // lifting it is a metadata patch, which the fake accepts and does not apply: not observable here
            held.setLegalHold(key, false);
        }
    }
}
