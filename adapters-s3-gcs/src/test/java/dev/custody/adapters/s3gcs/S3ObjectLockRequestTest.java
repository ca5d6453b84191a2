package dev.custody.adapters.s3gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Object Lock upload puts on the wire, recorded by a loopback HTTP server (s3proxy does not implement
 * Object Lock): mode, retain-until date, legal hold, Content-MD5 and the SHA-256 checksum, and If-None-Match.
 */
class S3ObjectLockRequestTest {

    @TempDir
    Path home;

    @Test
    void objectLockPut_sendsRetentionHoldAndChecksums() throws Exception {
        List<Map<String, List<String>>> puts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            if (method.equals("PUT")) {
                puts.add(Map.copyOf(ex.getRequestHeaders()));
                ex.getResponseHeaders().add("ETag", "\"x\"");
                ex.sendResponseHeaders(200, -1);
            } else if (method.equals("HEAD") && ex.getRequestURI().getPath().equals("/locked")) {
                ex.sendResponseHeaders(200, -1);   // the bucket exists
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
        try (ArchiveStore store = new S3ArchiveStoreProvider().create(ProviderConfig.of("p.", Map.of("bucket", "locked",
                "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "path-style", "true", "access-key-id", "a",
                "secret-access-key", "b", "object-lock", "true", "object-lock-mode", "governance")), ProviderContext.of(home))) {
            assertThat(store.capabilities()).containsExactlyInAnyOrder(ArchiveCapability.values());
            byte[] content = "segment bytes".getBytes();
            Instant until = Instant.parse("2033-01-01T00:00:00Z");
            store.put("ns/t/2026/01/1-2.ndjson.zst", content, ArchivePut.of("application/zstd", Map.of()).retainedUntil(until)
                    .withLegalHold(true));
        } finally {
            server.stop(0);
        }
        assertThat(puts).hasSize(1);
        Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        puts.get(0).forEach((k, v) -> h.put(k, v.get(0)));
        byte[] content = "segment bytes".getBytes();
        assertThat(h.get("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
        assertThat(h.get("x-amz-object-lock-retain-until-date")).startsWith("2033-01-01T00:00:00");
        assertThat(h.get("x-amz-object-lock-legal-hold")).isEqualTo("ON");
        assertThat(h.get("Content-MD5")).isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content)));
        assertThat(h.get("x-amz-checksum-sha256"))
                .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(h.get("If-None-Match")).isEqualTo("*");
    }
}
