package dev.custody.app.api;

import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.FlakyAuditStoreProvider;
import dev.custody.domain.json.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A by-id lookup of an id Custody never assigns (record ids are lower-case version 7 UUIDs of the RFC variant) is
 * answered 404 without asking the store, which on the file backend would read every chain to find nothing. The
 * store here fails every call once taken down: an answer other than 404 means the store was asked.
 */
class ByIdLookupTest {

    @TempDir
    Path home;

    @Test
    void idsCustodyNeverAssigns_are404WithoutAskingTheStore() {
        String name = UUID.randomUUID().toString();
        Map<String, Object> p = new HashMap<>();
        p.put("custody.compliance.mode", "none");    // access records in the background: a store that is down fails no read
        p.put("custody.storage.primary.backend", "test-flaky");
        p.put("custody.storage.primary.properties.name", name);
        p.put("custody.security.api-keys", List.of(TestServer.key("writer", WRITER, "writer", "*/*"),
                TestServer.key("reader", READER, "reader", "*/*"), TestServer.key("auditor", AUDITOR, "auditor", "*/*")));
        try (TestServer api = TestServer.start(home, p)) {
            Resp created = api.post("/v1/audit/events", WRITER, event("billing", "acme", "x"));
            String stored = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(created.body())).get("records")).get(0))
                    .get("id");
            assertThat(api.get("/v1/audit/events/" + stored, READER).status()).isEqualTo(200);

            FlakyAuditStoreProvider.store(name).down.set(true);
            Resp asked = api.get("/v1/audit/events/" + stored, READER);
            assertThat(asked.status()).as("a v7 id is looked up: the store is down").isEqualTo(503);

            List<String> never = List.of(
                    UUID.randomUUID().toString(),                       // version 4
                    UUID.nameUUIDFromBytes(new byte[] {1}).toString(),  // version 3
                    "00000000-0000-0000-0000-000000000000",             // nil
                    "ffffffff-ffff-ffff-ffff-ffffffffffff",             // max
                    stored.substring(0, 19) + "0" + stored.substring(20), // version 7, NCS variant
                    stored.substring(0, 19) + "c" + stored.substring(20), // version 7, Microsoft variant
                    stored.toUpperCase(),                                // not as Custody writes it
                    "not-a-uuid");
            for (String id : never) {
                assertProblem(api.get("/v1/audit/events/" + id, READER), 404, "NOT_FOUND", null);
                Resp forensics = api.get("/forensics/verify?event_id=" + id, AUDITOR, PURPOSE_HEADER, PURPOSE);
                assertThat(forensics.status()).as(id + ": " + forensics.body()).isIn(400, 404);
            }
        }
    }
}
