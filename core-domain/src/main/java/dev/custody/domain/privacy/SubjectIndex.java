package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which chains hold records of which subject, durably: one small JSON file per subject under
 * {@code <custody.home>/subjects/}, named by the subject's service pseudonym (never the raw id), holding the
 * chains and, once erased, the erasure result (so a repeated erasure answers the same result). A chain is
 * added before the first record of the subject is appended to it, so a crash cannot leave records
 * unindexed. Written atomically (temporary file, fsync, rename).
 */
public final class SubjectIndex {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    public SubjectIndex(Path dir) {
        this.dir = requireNonNull(dir, "dir is null");
    }

    /**
     * What the index knows of one subject.
     *
     * @param chains the chains that held the subject's records, as {@code namespace/tenant}
     * @param pending an erasure begun but not finished (its plan), or null
     * @param erasure the finished erasure's result, or null
     */
    public record Entry(List<String> chains, Map<String, Object> pending, Map<String, Object> erasure) {
        public Entry {
            chains = List.copyOf(chains);
        }
    }

    /** The entry of the subject with service pseudonym {@code key}, if any. */
    public Optional<Entry> get(String key) {
        Path file = file(key);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the subject index file " + file, e);
        }
        Map<?, ?> m = (Map<?, ?>) Json.parse(text);
        List<String> chains = new ArrayList<>();
        ((List<?>) m.get("chains")).forEach(c -> chains.add((String) c));
        return Optional.of(new Entry(chains, map(m.get("pending")), map(m.get("erasure"))));
    }

    /**
     * Records that {@code chain} holds (or is about to hold) records of the subject {@code key}. A subject
     * erased before and written again starts a new entry. Cheap after the first call per pair.
     */
    public void addChain(String key, ChainId chain) {
        String pair = key + "|" + chain;
        if (known.contains(pair)) {
            return;
        }
        synchronized (lock) {
            Entry e = get(key).orElse(null);
            Set<String> chains = new TreeSet<>();
            if (e != null && e.erasure() == null && e.pending() == null) {
                chains.addAll(e.chains());
            }
            if (!chains.add(chain.toString()) && e.erasure() == null && e.pending() == null) {
                known.add(pair);
                return;
            }
            put(key, new Entry(new ArrayList<>(chains), null, null));
            known.add(pair);
        }
    }

    /** Replaces the entry of {@code key}. */
    public void put(String key, Entry entry) {
        synchronized (lock) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chains", entry.chains());
            if (entry.pending() != null) {
                m.put("pending", entry.pending());
            }
            if (entry.erasure() != null) {
                m.put("erasure", entry.erasure());
            }
            write(file(key), Jcs.canonicalize(m).getBytes(StandardCharsets.UTF_8));
            known.removeIf(p -> p.startsWith(key + "|"));
        }
    }

    private Path file(String key) {
        if (key == null || !NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("a subject index key is 32 lower-case hex digits");
        }
        return dir.resolve(key + ".json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? null : (Map<String, Object>) o;
    }

    private void write(Path target, byte[] bytes) {
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            PrivateFiles.createDirectories(dir);
            try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // not every file system can sync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the subject index file " + target, e);
        }
    }
}
