package dev.custody.tck.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveObjectExistsException;
import dev.custody.ports.ArchivePut;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves put/get/head/list: bytes come back exactly (empty, text, binary, several MiB), head reports size,
 * SHA-256, content type and metadata, an existing key is never replaced, missing objects are empty, listing
 * is by prefix and ordered by key, and malformed keys are refused before anything is sent.
 */
public abstract class ArchiveObjectsContract extends ArchiveContract {

    @Test
    public void put_thenGet_returnsTheSameBytes() throws Exception {
        byte[] big = bytes(5 * 1024 * 1024 + 17);
        byte[] text = "{\"seq\":1}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8);
        ArchiveObject put = archive.put(key("big.bin"), big, plain());
        archive.put(key("text.ndjson"), text, plain());
        archive.put(key("empty"), new byte[0], plain());

        assertThat(archive.get(key("big.bin"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
        assertThat(archive.get(key("text.ndjson"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text));
        assertThat(archive.get(key("empty"))).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(put.sha256()).isEqualTo(sha256(big));
        assertThat(put.size()).isEqualTo(big.length);
    }

    @Test
    public void head_reportsSizeShaContentTypeAndMetadata() throws Exception {
        byte[] content = bytes(1000);
        archive.put(key("a/b/c.ndjson.zst"), content, plain());

        ArchiveObject head = archive.head(key("a/b/c.ndjson.zst")).orElseThrow();

        assertThat(head.key()).isEqualTo(key("a/b/c.ndjson.zst"));
        assertThat(head.size()).isEqualTo(1000);
        assertThat(head.sha256()).isEqualTo(sha256(content));
        assertThat(head.contentType()).isEqualTo("application/zstd");
        assertThat(head.metadata()).isEqualTo(Map.of("custody-first-seq", "1", "custody-note", "segment one"));
        assertThat(head.legalHold()).isFalse();
        assertThat(head.retainUntil()).isNull();
    }

    @Test
    public void put_neverReplacesAnExistingObject() {
        byte[] first = bytes(100);
        archive.put(key("once"), first, plain());

        assertThatThrownBy(() -> archive.put(key("once"), bytes(100), plain())).isInstanceOf(ArchiveObjectExistsException.class);
        assertThatThrownBy(() -> archive.put(key("once"), first, ArchivePut.of("text/plain", Map.of())))
                .isInstanceOf(ArchiveObjectExistsException.class);

        assertThat(archive.get(key("once"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
    }

    @Test
    public void missingObjects_areEmpty() {
        assertThat(archive.get(key("nothing-here"))).isEmpty();
        assertThat(archive.head(key("nothing-here"))).isEmpty();
        assertThat(archive.list(key("nothing-"))).isEmpty();
    }

    @Test
    public void list_returnsThePrefixOrderedByKey() {
        for (String k : List.of("ns/t/2026/02/1-5.x", "ns/t/2026/01/9-9.x", "ns/t2/2026/01/1-1.x", "ns/t/2026/01/10-20.x", "other")) {
            archive.put(key(k), k.getBytes(StandardCharsets.UTF_8), plain());
        }

        List<ArchiveObject> listed = archive.list(key("ns/t/"));

        assertThat(listed).extracting(ArchiveObject::key).containsExactly(
                key("ns/t/2026/01/10-20.x"), key("ns/t/2026/01/9-9.x"), key("ns/t/2026/02/1-5.x"));
        assertThat(listed).extracting(ArchiveObject::size).containsExactly(20L, 18L, 18L);
        assertThat(archive.list(prefix)).hasSize(5);
    }

    @Test
    public void malformedKeys_areRefusedAndNothingIsWritten() {
        for (String bad : List.of("", "/abs", "a//b", "a/../b", "./a", "a/", "sp ace", "a\nb", "ü")) {
            assertThatThrownBy(() -> archive.put(bad, bytes(1), plain())).as("put '%s'", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> archive.get(bad)).as("get '%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> archive.put(key("../escape"), bytes(1), plain())).isInstanceOf(IllegalArgumentException.class);
        assertThat(archive.list(prefix)).isEmpty();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
