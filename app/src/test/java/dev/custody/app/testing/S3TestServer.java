package dev.custody.app.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3-compatible server (s3proxy, jclouds filesystem blob store under {@code dir}) on a free
 * loopback port over HTTP with v4 signatures. Objects are files at {@code dir/<bucket>/<key>}, so a test can
 * change a byte behind its back. It ignores the x-amz-checksum-sha256 header it cannot check (AWS S3 checks
 * it) and checks Content-MD5.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "custody-test";
    public static final String SECRET_KEY = "custody-test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dir;

    public S3TestServer(Path dir) throws Exception {
        this(dir, UnaryOperator.identity());
    }

    /** With {@code middleware} between the S3 front end and the blob store (e.g. {@link FailingUploads}). */
    public S3TestServer(Path dir, UnaryOperator<BlobStore> middleware) throws Exception {
        this.dir = dir;
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).credentials("identity", "credential")
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(middleware.apply(context.getBlobStore())).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The file that holds an object. */
    public Path objectFile(String bucket, String key) {
        return dir.resolve(bucket).resolve(key);
    }

    /** {@code custody.archive.properties.*} for this server. */
    public Map<String, String> archiveProperties(String bucket) {
        return Map.of("bucket", bucket, "endpoint", endpoint().toString(), "path-style", "true", "region", "us-east-1",
                "access-key-id", ACCESS_KEY, "secret-access-key", SECRET_KEY, "create-bucket", "true");
    }

    /** The bytes of an object, read over HTTP with the AWS SDK. */
    public byte[] read(String bucket, String key) {
        try (S3Client s3 = client()) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }
    }

    /**
     * Replaces an object over HTTP with the AWS SDK, as anyone with write access to a bucket without Object Lock
     * could: Custody's own store never overwrites.
     */
    public void overwrite(String bucket, String key, byte[] content) {
        try (S3Client s3 = client()) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        }
    }

    private S3Client client() {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
