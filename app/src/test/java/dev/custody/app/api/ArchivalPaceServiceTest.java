package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.S3TestServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's scheduled archival beside its own appends over HTTP (ADR 0122): while appends arrive it waits
 * between pieces of work ({@code custody_archive_paced_seconds_total} rises) and still archives everything due; with
 * {@code busy-share: 1} it never waits.
 */
class ArchivalPaceServiceTest {

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void whileClientsAppend_theScheduledArchivalWaits_andStillArchives() throws Exception {
        assertThat(archiveBesideAppends("0.2")).isPositive();
    }

    @Test
    void aBusyShareOfOne_neverWaits() throws Exception {
        assertThat(archiveBesideAppends("1")).isZero();
    }

    /** Appends 40 events in batches, waits until 39 are archived, and answers how long archival waited. */
    private double archiveBesideAppends(String busyShare) throws Exception {
        try (S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("custody.archive.provider", "s3");
            s3.archiveProperties("custody-pace").forEach((k, v) -> props.put("custody.archive.properties." + k, v));
            props.put("custody.archive.archive-after", "0s");
            props.put("custody.archive.schedule", "200ms");
            props.put("custody.archive.segment-max-records", "5");
            props.put("custody.archive.pace.busy-share", busyShare);
            props.put("custody.archive.pace.quiet-after", "1h");   // every run of this test sees the appends
            props.put("custody.archive.pace.purge-batch", "2");
            props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            try (TestServer api = TestServer.start(home, props)) {
                for (int b = 0; b < 4; b++) {
                    String[] events = new String[10];
                    for (int i = 0; i < 10; i++) {
                        events[i] = event("billing", "paced", "approve-" + (b * 10 + i));
                    }
                    Resp created = api.post("/v1/audit/events", ADMIN, batch(events));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                }
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (metric(api, "custody_archive_warm_removed_total") < 39 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(metric(api, "custody_archive_records_total")).as("everything due was archived").isEqualTo(39.0);
                assertThat(metric(api, "custody_archive_warm_removed_total")).isEqualTo(39.0);
                return metric(api, "custody_archive_paced_seconds_total");
            }
        }
    }

    private static double metric(TestServer api, String name) {
        for (String line : api.get("/prometheus", ADMIN).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
