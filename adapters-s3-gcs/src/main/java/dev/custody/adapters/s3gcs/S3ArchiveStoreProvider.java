package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ArchiveStoreException;
import dev.custody.ports.spi.ArchiveStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Provides the {@code s3} archive (AWS S3 or any S3-compatible store). Properties: see {@link S3Settings}.
 * The SDK computes request checksums only when an operation requires them (some S3-compatible servers reject
 * the default streaming checksum trailers); the store sends its own Content-MD5 and SHA-256 instead.
 */
public final class S3ArchiveStoreProvider implements ArchiveStoreProvider {

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ArchiveStore create(ProviderConfig config, ProviderContext context) {
        S3Settings s = S3Settings.from(config);
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(s.region()))
                .forcePathStyle(s.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create());
        s.endpoint().ifPresent(b::endpointOverride);
        if (s.accessKeyId().isPresent()) {
            b.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId().get(), s.secretAccessKey().orElseThrow())));
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        S3Client client = b.build();
        try {
            checkBucket(client, s, config);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new S3ArchiveStore(client, s);
    }

    private static void checkBucket(S3Client client, S3Settings s, ProviderConfig config) {
        try {
            client.headBucket(r -> r.bucket(s.bucket()));
        } catch (NoSuchBucketException e) {
            create(client, s, config);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                create(client, s, config);
                return;
            }
            throw new ArchiveStoreException("s3 bucket " + s.bucket() + " is not usable: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ArchiveStoreException("s3 bucket " + s.bucket() + " is not reachable: " + e.getMessage(), e);
        }
    }

    private static void create(S3Client client, S3Settings s, ProviderConfig config) {
        if (!s.createBucket()) {
            throw new ConfigurationException("Invalid value for " + config.fullKey("bucket") + "=" + s.bucket()
                    + ": no such bucket (create it with Object Lock enabled, or set " + config.fullKey("create-bucket") + "=true)");
        }
        try {
            client.createBucket(r -> r.bucket(s.bucket()).objectLockEnabledForBucket(s.objectLock() ? Boolean.TRUE : null));
        } catch (SdkException e) {
            throw new ArchiveStoreException("s3 create bucket " + s.bucket() + " failed: " + e.getMessage(), e);
        }
    }
}
