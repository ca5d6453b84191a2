package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveStore;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An in-process S3-compatible server (s3proxy over jclouds' filesystem blob store) on a free loopback port,
 * speaking HTTP with AWS v4 signatures. It ignores the SHA-256 checksum header it cannot check (AWS checks it)
 * and verifies Content-MD5. Objects are plain files under {@code dir/<bucket>/<key>}, so a test can
 * change a byte behind the server's back.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "custody-test";
    static final String SECRET_KEY = "custody-test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dir;

    S3ProxyServer(Path dir) throws Exception {
        this.dir = dir;
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).credentials("identity", "credential")
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // s3proxy does not implement x-amz-checksum-sha256 and answers 501 to it; it does check Content-MD5,
                // which the store also sends. AWS S3 checks both.
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The file holding an object. */
    Path objectFile(String bucket, String key) {
        return dir.resolve(bucket).resolve(key);
    }

    /** Properties of the {@code s3} provider for this server. */
    Map<String, String> properties(String bucket) {
        return Map.of("bucket", bucket, "endpoint", endpoint().toString(), "path-style", "true", "region", "us-east-1",
                "access-key-id", ACCESS_KEY, "secret-access-key", SECRET_KEY, "create-bucket", "true");
    }

    /** An {@code s3} store over this server, created through the provider as the service does. */
    ArchiveStore open(String bucket, Path home) {
        return new S3ArchiveStoreProvider().create(ProviderConfig.of("custody.archive.properties.", properties(bucket)),
                ProviderContext.of(home));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
