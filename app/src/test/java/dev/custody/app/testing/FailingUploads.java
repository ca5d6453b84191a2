package dev.custody.app.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * Middleware of {@link S3TestServer}: while {@link #failing} is set, every object upload (PUT) is refused before
 * anything is written, and s3proxy answers it over HTTP with {@code 500 Internal Server Error}, as an S3
 * endpoint in trouble does. Everything else (HEAD, GET, LIST) is served. Records when each upload arrived.
 */
public final class FailingUploads extends ForwardingBlobStore {

    /** Whether uploads fail now. */
    public final AtomicBoolean failing = new AtomicBoolean();
    /** {@link System#nanoTime()} of every refused upload. */
    public final List<Long> refused = new CopyOnWriteArrayList<>();
    /** Keys of every upload that was stored. */
    public final List<String> stored = new CopyOnWriteArrayList<>();

    public FailingUploads(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        check(blob);
        String etag = super.putBlob(container, blob);
        stored.add(blob.getMetadata().getName());
        return etag;
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        check(blob);
        String etag = super.putBlob(container, blob, options);
        stored.add(blob.getMetadata().getName());
        return etag;
    }

    private void check(Blob blob) {
        if (failing.get()) {
            refused.add(System.nanoTime());
            throw new HttpResponseException("injected upload failure of " + blob.getMetadata().getName(), null,
                    HttpResponse.builder().statusCode(500).message("Internal Server Error").build());
        }
    }
}
