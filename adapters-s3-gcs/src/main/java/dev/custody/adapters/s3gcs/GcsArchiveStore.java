package dev.custody.adapters.s3gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveObjectExistsException;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ArchiveStoreException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gcs} archive. Uploads are refused when the object exists (a lookup first, then the upload
 * conditional on {@code ifGenerationMatch=0}, which also settles a race between two writers) and
 * carry their MD5 in the object metadata, which the service validates; the SHA-256 is kept as metadata. Retention is per-object retention
 * (locked or unlocked) where the bucket allows it; a bucket retention policy (Bucket Lock) applies without any
 * setting. Legal holds are temporary or event-based holds.
 */
final class GcsArchiveStore implements ArchiveStore {

    private final Storage storage;
    private final GcsSettings settings;

    GcsArchiveStore(Storage storage, GcsSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    @Override
    public Set<ArchiveCapability> capabilities() {
        Set<ArchiveCapability> c = EnumSet.noneOf(ArchiveCapability.class);
        if (settings.retention()) {
            c.add(ArchiveCapability.RETENTION);
        }
        if (settings.holds()) {
            c.add(ArchiveCapability.LEGAL_HOLD);
        }
        return c;
    }

    @Override
    public ArchiveObject put(String key, byte[] content, ArchivePut options) {
        ArchiveStore.checkKey(key);
        if (options.retainUntil() != null && !settings.retention()) {
            throw new UnsupportedOperationException("gcs archive " + settings.bucket()
                    + ": per-object retention is off (set object-retention: true on a bucket with object retention enabled)");
        }
        if (options.legalHold() && !settings.holds()) {
            throw new UnsupportedOperationException("gcs archive " + settings.bucket() + ": holds are off (set holds: true)");
        }
        if (head(key).isPresent()) {
            throw new ArchiveObjectExistsException("gcs put " + location(key) + ": the object already exists");
        }
        String sha = ObjectKeys.hex(ObjectKeys.sha256(content));
        Map<String, String> metadata = new HashMap<>(options.metadata());
        metadata.put(ObjectKeys.SHA256_META, sha);
        BlobInfo.Builder info = BlobInfo.newBuilder(id(key)).setContentType(options.contentType()).setMetadata(metadata)
                .setMd5(ObjectKeys.md5Base64(content));
        if (options.retainUntil() != null) {
            info.setRetention(BlobInfo.Retention.newBuilder()
                    .setMode(settings.retentionMode().equals("locked") ? BlobInfo.Retention.Mode.LOCKED : BlobInfo.Retention.Mode.UNLOCKED)
                    .setRetainUntilTime(options.retainUntil().atOffset(ZoneOffset.UTC)).build());
        }
        if (options.legalHold()) {
            hold(info, true);
        }
        try {
            storage.create(info.build(), content, Storage.BlobTargetOption.doesNotExist());
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                throw new ArchiveObjectExistsException("gcs put " + location(key) + ": the object already exists");
            }
            throw failure("put", key, e);
        }
        return new ArchiveObject(key, content.length, sha, options.contentType(), options.metadata(), options.retainUntil(),
                options.legalHold());
    }

    @Override
    public Optional<byte[]> get(String key) {
        ArchiveStore.checkKey(key);
        try {
            return Optional.of(storage.readAllBytes(id(key)));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        }
    }

    @Override
    public Optional<ArchiveObject> head(String key) {
        ArchiveStore.checkKey(key);
        try {
            Blob b = storage.get(id(key));
            return b == null ? Optional.empty() : Optional.of(toObject(key, b));
        } catch (StorageException e) {
            throw failure("head", key, e);
        }
    }

    @Override
    public List<ArchiveObject> list(String prefix) {
        List<ArchiveObject> out = new ArrayList<>();
        try {
            for (Blob b : storage.list(settings.bucket(), Storage.BlobListOption.prefix(settings.prefix() + prefix)).iterateAll()) {
                if (!b.getName().endsWith("/")) {
                    out.add(toObject(b.getName().substring(settings.prefix().length()), b));
                }
            }
        } catch (StorageException e) {
            throw failure("list", prefix + "*", e);
        }
        out.sort(Comparator.comparing(ArchiveObject::key));
        return out;
    }

    /**
     * GCS itself refuses while a retention period or a temporary / event-based hold is in force; the adapter checks
     * both first too, so an emulator that does not enforce them cannot make a held object disappear.
     */
    @Override
    public boolean delete(String key) {
        ArchiveStore.checkKey(key);
        try {
            Blob b = storage.get(id(key));
            if (b == null) {
                return false;
            }
            ArchiveObject o = toObject(key, b);
            if (o.legalHold() || Boolean.TRUE.equals(b.getTemporaryHold()) || Boolean.TRUE.equals(b.getEventBasedHold())) {
                throw new ArchiveStoreException("gcs delete " + location(key) + ": a hold is on the object");
            }
            if (o.retainUntil() != null && o.retainUntil().isAfter(java.time.Instant.now())) {
                throw new ArchiveStoreException("gcs delete " + location(key) + ": retained until " + o.retainUntil());
            }
            return storage.delete(id(key));
        } catch (StorageException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void setLegalHold(String key, boolean on) {
        if (!settings.holds()) {
            ArchiveStore.super.setLegalHold(key, on);
        }
        ArchiveStore.checkKey(key);
        try {
            Blob b = storage.get(id(key));
            if (b == null) {
                throw new ArchiveStoreException("gcs legal hold " + location(key) + ": no such object");
            }
            BlobInfo.Builder info = b.toBuilder();
            hold(info, on);
            storage.update(info.build());
        } catch (StorageException e) {
            throw failure("legal hold", key, e);
        }
    }

    @Override
    public String location(String key) {
        return "gs://" + settings.bucket() + "/" + settings.prefix() + key;
    }

    @Override
    public void close() {
        // the Storage client holds no resources that need closing
    }

    private void hold(BlobInfo.Builder info, boolean on) {
        if (settings.holdType().equals("event-based")) {
            info.setEventBasedHold(on);
        } else {
            info.setTemporaryHold(on);
        }
    }

    private ArchiveObject toObject(String key, Blob b) {
        Map<String, String> meta = b.getMetadata() == null ? Map.of() : b.getMetadata();
        boolean held = Boolean.TRUE.equals(settings.holdType().equals("event-based") ? b.getEventBasedHold() : b.getTemporaryHold());
        BlobInfo.Retention r = b.getRetention();
        return new ArchiveObject(key, b.getSize() == null ? 0 : b.getSize(), meta.getOrDefault(ObjectKeys.SHA256_META, ""),
                b.getContentType() == null ? "application/octet-stream" : b.getContentType(), ObjectKeys.userMetadata(meta),
                r == null || r.getRetainUntilTime() == null ? null : r.getRetainUntilTime().toInstant(), held);
    }

    private BlobId id(String key) {
        return BlobId.of(settings.bucket(), settings.prefix() + key);
    }

    private ArchiveStoreException failure(String op, String key, StorageException e) {
        return new ArchiveStoreException("gcs " + op + " " + location(key) + " failed: " + e.getMessage(), e);
    }
}
