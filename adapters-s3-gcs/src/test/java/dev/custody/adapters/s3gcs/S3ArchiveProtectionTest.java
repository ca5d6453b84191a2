package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveStore;
import dev.custody.tck.archive.ArchiveProtectionContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Retention and legal hold against s3proxy. s3proxy (over jclouds) does not implement Object Lock, so the
 * store is configured as for a bucket without it ({@code object-lock: false}) and the kit proves that
 * retention and holds are then refused, never silently dropped. The Object Lock request itself is covered by
 * {@link S3ObjectLockRequestTest}.
 */
class S3ArchiveProtectionTest extends ArchiveProtectionContract {

    private static Path dir;
    private static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("s3proxy");
        server = new S3ProxyServer(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected ArchiveStore openArchive() {
        return server.open("custody-tck-lock", dir);
    }

    @Override
    protected Set<ArchiveCapability> unsupported() {
        return EnumSet.allOf(ArchiveCapability.class);
    }
}
