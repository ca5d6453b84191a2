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
import java.nio.file.Files;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which chains hold records of which subject, durably: one line per change in {@code <custody.home>/subjects/index.jsonl}
 * (ADR 0102), keyed by the subject's service pseudonym (never the raw id), holding the chains and, once erased, the
 * erasure result (so a repeated erasure answers the same result); the last line of a subject wins and every entry is
 * held in memory. A chain is added before the first record of the subject is appended to it, so a crash cannot leave
 * records unindexed: a line is synced before {@link #addChain} returns, or inside {@link #batch}, once, before the
 * batch returns. Memory: about 200 bytes per subject (the pseudonym, the entry, a reference per chain). One process
 * writes the index: an OS lock on {@code subjects/.lock}, taken at first use. Opening cuts a torn last line, moves the one-file-per-subject index of earlier versions into the log,
 * and rewrites the log when most of it is superseded.
 */
public final class SubjectIndex implements AutoCloseable {

    static final String LOG = "index.jsonl";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** One String per chain name, shared by every entry that names it. */
    private final Map<String, String> chainNames = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ThreadLocal<boolean[]> inBatch = new ThreadLocal<>();
    private FileChannel log;
    private FileChannel lockFile;
    /** Set once the log is read, the files of earlier versions moved in, and the log rewritten if it was due. */
    private volatile boolean opened;
    private long lines;
    private boolean unsynced;

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
        check(key);
        open();
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Records that {@code chain} holds (or is about to hold) records of the subject {@code key}. A subject
     * erased before and written again starts a new entry. Cheap after the first call per pair.
     */
    public void addChain(String key, ChainId chain) {
        check(key);
        open();
        Entry known = entries.get(key);
        if (known != null && known.erasure() == null && known.pending() == null && known.chains().contains(chain.toString())) {
            return;
        }
        synchronized (lock) {
            Entry e = entries.get(key);
            Set<String> chains = new TreeSet<>();
            if (e != null && e.erasure() == null && e.pending() == null) {
                chains.addAll(e.chains());
            }
            if (!chains.add(chainName(chain.toString())) && e.erasure() == null && e.pending() == null) {
                return;
            }
            write(key, new Entry(new ArrayList<>(chains), null, null));
        }
    }

    /** Replaces the entry of {@code key}; durable on return. */
    public void put(String key, Entry entry) {
        check(key);
        open();
        synchronized (lock) {
            write(key, entry);
            sync();
        }
    }

    /** Runs {@code work}, whose new entries become durable together, once, before this returns (ADR 0102). */
    public <T> T batch(Supplier<T> work) {
        if (inBatch.get() != null) {
            return work.get();
        }
        inBatch.set(new boolean[1]);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            inBatch.remove();
            try {
                synchronized (lock) {
                    sync();
                }
            } catch (RuntimeException s) {
                e.addSuppressed(s);
            }
            throw e;
        }
        inBatch.remove();
        synchronized (lock) {
            sync();
        }
        return result;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (log != null) {
                try {
                    sync();
                    log.close();
                    lockFile.close();
                } catch (IOException | UncheckedIOException e) {
                    throw new UncheckedIOException("cannot close the subject index " + dir.resolve(LOG),
                            e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
                } finally {
                    log = null;
                    lockFile = null;
                    opened = false;
                    entries.clear();
                    lines = 0;
                }
            }
        }
    }

    private void write(String key, Entry entry) {
        append(key, entry);
        if (inBatch.get() == null) {
            sync();
        }
    }

    /** Appends the line of {@code entry} (not synced). */
    private void append(String key, Entry entry) {
        ByteBuffer line = ByteBuffer.wrap(line(key, entry));
        try {
            while (line.hasRemaining()) {
                log.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the subject index " + dir.resolve(LOG), e);
        }
        entries.put(key, entry);
        lines++;
        unsynced = true;
    }

    private static byte[] line(String key, Entry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chains", entry.chains());
        if (entry.pending() != null) {
            m.put("pending", entry.pending());
        }
        if (entry.erasure() != null) {
            m.put("erasure", entry.erasure());
        }
        m.put("s", key);
        return (Jcs.canonicalize(m) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void sync() {
        if (!unsynced || log == null) {
            return;
        }
        try {
            log.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the subject index " + dir.resolve(LOG), e);
        }
        unsynced = false;
    }

    /** Reads the log (and the files of earlier versions) once, at first use. */
    private void open() {
        if (opened) {
            return;
        }
        synchronized (lock) {
            if (opened) {
                return;
            }
            try {
                PrivateFiles.createDirectories(dir);
                lockFile = SubjectIndexLog.lock(dir);
                Path path = dir.resolve(LOG);
                Files.deleteIfExists(dir.resolve(LOG + ".compact"));   // a rewrite a crash interrupted
                long keep = SubjectIndexLog.read(path, (key, entry) -> {
                    entries.put(key, new Entry(entry.chains().stream().map(this::chainName).toList(), entry.pending(),
                            entry.erasure()));
                    lines++;
                });
                FileChannel ch = PrivateFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (ch.size() > keep) {   // a torn last line
                    ch.truncate(keep);
                    ch.force(false);
                }
                ch.position(keep);
                log = ch;
                migrateFiles();
                if (lines > 1024 && lines > 2L * entries.size()) {
                    compact(path);
                }
                opened = true;
            } catch (IOException | RuntimeException e) {
                for (FileChannel ch : new FileChannel[] {log, lockFile}) {
                    try {
                        if (ch != null) {
                            ch.close();
                        }
                    } catch (IOException c) {
                        e.addSuppressed(c);
                    }
                }
                log = null;
                lockFile = null;
                entries.clear();
                lines = 0;
                throw e instanceof IOException io ? new UncheckedIOException("cannot open the subject index in " + dir, io)
                        : (RuntimeException) e;
            }
        }
    }

    /** Earlier versions kept one file per subject, {@code <S>.json}: their entries move into the log. */
    private void migrateFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{32}\\.json")).sorted().toList();
        }
        if (files.isEmpty()) {
            return;
        }
        for (Path f : files) {
            String key = f.getFileName().toString().substring(0, 32);
            if (!entries.containsKey(key)) {
                append(key, SubjectIndexLog.entry((Map<?, ?>) Json.parse(Files.readString(f, StandardCharsets.UTF_8))));
            }
        }
        sync();
        for (Path f : files) {
            Files.delete(f);
        }
        try (Stream<Path> s = Files.list(dir)) {   // temporary files of interrupted writes of earlier versions
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.[0-9a-f]{32}\\.json\\.tmp")).toList()) {
                Files.delete(p);
            }
        }
        SubjectIndexLog.syncDirectory(dir);
    }

    /** Rewrites the log with one line per subject: written beside it, synced, renamed over it. */
    private void compact(Path path) throws IOException {
        Path tmp = dir.resolve(LOG + ".compact");
        try (FileChannel out = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                ByteBuffer line = ByteBuffer.wrap(line(e.getKey(), e.getValue()));
                while (line.hasRemaining()) {
                    out.write(line);
                }
            }
            out.force(false);
        }
        log.close();
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SubjectIndexLog.syncDirectory(dir);
        log = PrivateFiles.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = entries.size();
        unsynced = false;
    }

    private String chainName(String name) {
        return chainNames.computeIfAbsent(name, n -> n);
    }

    private static void check(String key) {
        if (key == null || !NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("a subject index key is 32 lower-case hex digits");
        }
    }
}
