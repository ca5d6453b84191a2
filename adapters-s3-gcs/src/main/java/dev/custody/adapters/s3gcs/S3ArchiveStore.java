package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveObjectExistsException;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ArchiveStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code s3} archive. Uploads carry {@code Content-MD5} and an {@code x-amz-checksum-sha256} computed here,
 * so the service rejects a corrupted transfer and Object Lock puts are accepted; the SHA-256 is also kept as
 * user metadata. A put never replaces: {@code If-None-Match: *} plus a HEAD before it. With
 * {@code object-lock: true} retention ({@link #settings}{@code .objectLockMode()}, retain-until date) and legal
 * hold are set per object.
 */
final class S3ArchiveStore implements ArchiveStore {

    private final S3Client s3;
    private final S3Settings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    S3ArchiveStore(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    @Override
    public Set<ArchiveCapability> capabilities() {
        return settings.objectLock() ? EnumSet.allOf(ArchiveCapability.class) : EnumSet.noneOf(ArchiveCapability.class);
    }

    @Override
    public ArchiveObject put(String key, byte[] content, ArchivePut options) {
        ArchiveStore.checkKey(key);
        if (options.retainUntil() != null && !settings.objectLock()) {
            throw new UnsupportedOperationException("s3 archive " + settings.bucket()
                    + ": retention needs a bucket with Object Lock (set object-lock: true)");
        }
        if (options.legalHold() && !settings.objectLock()) {
            throw new UnsupportedOperationException("s3 archive " + settings.bucket()
                    + ": legal hold needs a bucket with Object Lock (set object-lock: true)");
        }
        if (head(key).isPresent()) {
            throw new ArchiveObjectExistsException("s3 put " + location(key) + ": the object already exists");
        }
        byte[] sha = ObjectKeys.sha256(content);
        Map<String, String> metadata = new HashMap<>(options.metadata());
        metadata.put(ObjectKeys.SHA256_META, ObjectKeys.hex(sha));
        PutObjectRequest.Builder req = PutObjectRequest.builder()
                .bucket(settings.bucket()).key(full(key))
                .contentType(options.contentType())
                .contentLength((long) content.length)
                .contentMD5(ObjectKeys.md5Base64(content))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(Base64.getEncoder().encodeToString(sha))
                .ifNoneMatch("*")
                .metadata(metadata);
        if (options.retainUntil() != null) {
            req.objectLockMode(ObjectLockMode.fromValue(settings.objectLockMode())).objectLockRetainUntilDate(options.retainUntil());
        }
        if (options.legalHold()) {
            req.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON);
        }
        try {
            // the caller's array as it is: a segment is megabytes, and the SDK's fromBytes would copy it
            s3.putObject(req.build(), RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(content),
                    content.length, options.contentType()));
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ArchiveObjectExistsException("s3 put " + location(key) + ": the object already exists");
            }
            throw failure("put", key, e);
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
        return new ArchiveObject(key, content.length, ObjectKeys.hex(sha), options.contentType(), options.metadata(),
                options.retainUntil(), options.legalHold());
    }

    @Override
    public Optional<byte[]> get(String key) {
        ArchiveStore.checkKey(key);
        try {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(settings.bucket()).key(full(key)))) {
                return Optional.of(readAll(in, in.response().contentLength()));
            }
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        } catch (SdkException e) {
            throw failure("get", key, e);
        } catch (IOException e) {
            throw new ArchiveStoreException("s3 get " + location(key) + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads the body into one array of its announced length (no growing buffer, no copy). */
    private static byte[] readAll(InputStream in, Long length) throws IOException {
        if (length == null || length < 0 || length > Integer.MAX_VALUE - 16) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[length.intValue()];
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n != bytes.length || in.read() >= 0) {
            throw new IOException("the body is not the " + length + " bytes its Content-Length announced");
        }
        return bytes;
    }

    @Override
    public Optional<ArchiveObject> head(String key) {
        ArchiveStore.checkKey(key);
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(settings.bucket()).key(full(key)));
            Map<String, String> meta = h.metadata();
            String sha = meta.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(ObjectKeys.SHA256_META))
                    .map(Map.Entry::getValue).findFirst().orElse("");
            return Optional.of(new ArchiveObject(key, h.contentLength(), sha,
                    h.contentType() == null ? "application/octet-stream" : h.contentType(), ObjectKeys.userMetadata(meta),
                    h.objectLockRetainUntilDate(), h.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("head", key, e);
        } catch (SdkException e) {
            throw failure("head", key, e);
        }
    }

    @Override
    public List<ArchiveObject> list(String prefix) {
        List<ArchiveObject> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix() + prefix)).contents()) {
                if (o.key().endsWith("/")) {
                    continue;   // a folder marker (some S3-compatible stores list them); never an archive key
                }
                out.add(new ArchiveObject(o.key().substring(settings.prefix().length()), o.size(), "", "application/octet-stream",
                        Map.of(), null, false));
            }
        } catch (SdkException e) {
            throw failure("list", prefix + "*", e);
        }
        out.sort(java.util.Comparator.comparing(ArchiveObject::key));
        return out;
    }

    /** Deletes the object's current version (with Object Lock, S3 itself refuses while retained or held). */
    @Override
    public boolean delete(String key) {
        ArchiveStore.checkKey(key);
        try {
            HeadObjectResponse h;
            try {
                h = s3.headObject(b -> b.bucket(settings.bucket()).key(full(key)));
            } catch (NoSuchKeyException e) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
            String version = h.versionId();
            s3.deleteObject(b -> {
                b.bucket(settings.bucket()).key(full(key));
                if (version != null && !version.isEmpty() && !version.equals("null")) {
                    b.versionId(version);
                }
            });
            return true;
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void setLegalHold(String key, boolean on) {
        if (!settings.objectLock()) {
            ArchiveStore.super.setLegalHold(key, on);
        }
        ArchiveStore.checkKey(key);
        try {
            s3.putObjectLegalHold(b -> b.bucket(settings.bucket()).key(full(key))
                    .legalHold(h -> h.status(on ? ObjectLockLegalHoldStatus.ON : ObjectLockLegalHoldStatus.OFF)));
        } catch (SdkException e) {
            throw failure("legal hold", key, e);
        }
    }

    @Override
    public String location(String key) {
        return "s3://" + settings.bucket() + "/" + full(key);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            s3.close();
        }
    }

    private String full(String key) {
        return settings.prefix() + key;
    }

    private ArchiveStoreException failure(String op, String key, SdkException e) {
        return new ArchiveStoreException("s3 " + op + " " + location(key) + " failed: " + e.getMessage(), e);
    }
}
