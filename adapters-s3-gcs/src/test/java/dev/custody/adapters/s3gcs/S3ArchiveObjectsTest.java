package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveStore;
import dev.custody.tck.archive.ArchiveObjectsContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The archive contract over HTTP against an in-process s3proxy. */
class S3ArchiveObjectsTest extends ArchiveObjectsContract {

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
        return server.open("custody-tck", dir);
    }

    @Override
    protected java.util.Set<dev.custody.ports.ArchiveCapability> unsupported() {
        return java.util.EnumSet.allOf(dev.custody.ports.ArchiveCapability.class);
    }
}
