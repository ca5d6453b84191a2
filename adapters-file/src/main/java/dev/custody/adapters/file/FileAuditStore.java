package dev.custody.adapters.file;

import static java.lang.System.Logger.Level.WARNING;
import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * An {@link AuditStore} in a local directory: {@code <dir>/<namespace>/<tenant>/<yyyy-mm-dd>.jsonl}, one
 * stored record per line, each batch fdatasync'ed before {@link #append} returns. One process may hold
 * a directory at a time ({@code <dir>/.lock}); opening repairs torn tails a crash left behind. A chain that
 * cannot be read fails its own operations with {@link ChainUnreadableException}; the others work (ADR 0081).
 * Retention removes a chain's oldest records with {@link #purgeBefore}.
 */
final class FileAuditStore implements AuditStore {

    private static final System.Logger LOG = System.getLogger(FileAuditStore.class.getName());

    private static final Set<StoreCapability> CAPABILITIES = Collections.unmodifiableSet(
            EnumSet.of(StoreCapability.CONDITIONAL_APPEND, StoreCapability.DURABLE, StoreCapability.PURGE_BEFORE_SEQ));

    private final Path root;
    private final DirectoryLock lock;
    private final ConcurrentMap<ChainId, ChainLog> chains = new ConcurrentHashMap<>();
    private final int repairedTails;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LineCodec codec;

    private FileAuditStore(Path root, DirectoryLock lock, List<ChainRecovery.Recovered> recovered, LineCodec codec) {
        this.codec = codec;
        this.root = root;
        this.lock = lock;
        int repairs = 0;
        for (ChainRecovery.Recovered r : recovered) {
            chains.put(r.chain(), new ChainLog(r.chain(), root, r.dir(), r.state(), codec, r.unreadable()));
            repairs += r.repairs();
        }
        this.repairedTails = repairs;
    }

    /** Opens (creating it if needed) the store in {@code dir}, with the system clock. */
    static FileAuditStore open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    /**
     * Opens the store in {@code dir}: takes the directory lock, then recovers every chain.
     *
     * @throws dev.custody.ports.StoreUnavailableException when another process or store holds the directory
     * @throws AuditStoreException when the directory cannot be used (a chain that cannot be recovered does not fail
     *     the store: it is opened unreadable, see {@link ChainRecovery})
     */
    static FileAuditStore open(Path dir, Clock clock) {
        return open(dir, clock, LineCodec.PLAIN);
    }

    /** The same, with lines made by {@code codec} ({@code encrypted-file} seals them). */
    static FileAuditStore open(Path dir, Clock clock, LineCodec codec) {
        requireNonNull(dir, "dir is null");
        Path root;
        try {
            root = PrivateFiles.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new AuditStoreException("open file store " + dir + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(root, clock);
        try {
            StoreFormat.check(root, codec);
            return new FileAuditStore(root, lock, ChainRecovery.recoverAll(root, codec), codec);
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof AuditStoreException a) {
                throw a;
            }
            throw new AuditStoreException("open file store " + root + ": recovery failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<KeyUsage> keyUsage() {
        if (!(codec instanceof SealedLines sealed)) {
            return Optional.empty();
        }
        Map<Long, Long> byKey = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    for (String line : (Iterable<String>) lines::iterator) {
                        byKey.merge(SealedLines.keyIdOf(line), 1L, Long::sum);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new AuditStoreException("count the records each key sealed in " + root + ": " + e.getMessage(), e);
        }
        return Optional.of(new KeyUsage(sealed.keyset(), byKey));
    }

    /** The store's directory (its real path). */
    Path directory() {
        return root;
    }

    /** How many day files had a torn tail cut when the store was opened. */
    int repairedTails() {
        return repairedTails;
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChainTip tip(ChainId chain) {
        requireNonNull(chain, "chain is null");
        ensureOpen("tip", chain);
        ChainLog log = chains.get(chain);
        if (log == null) {
            return ChainTip.GENESIS;
        }
        log.requireReadable("tip of", true);
        return log.state().tip();
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        Batch checked = Batch.of(chain, expected, batch, codec);
        ensureOpen("append to", chain);
        ChainLog log = chains.get(chain);
        if (log == null) {
            log = chains.computeIfAbsent(chain,
                    c -> new ChainLog(c, root, StorePaths.chainDir(root, c), ChainState.EMPTY, codec));
        }
        return log.append(expected, checked);
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        ChainReader reader = reader("stream", chain, fromSeq, toSeq);
        return reader == null ? Stream.empty() : reader.stream(ChainReader::record);
    }

    /** The stored lines, read without building records; see {@link ChainReader#json()} for what is checked. */
    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        ChainReader reader = reader("stream", chain, fromSeq, toSeq);
        return reader == null ? Stream.empty() : reader.stream(ChainReader::json);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen("query", query.chain());
        ChainLog log = chains.get(query.chain());
        if (log != null) {
            log.requireReadable("query", false);
        }
        ChainState s = log == null ? ChainState.EMPTY : log.state();
        long from = query.afterSeq() + 1;
        if (from > s.tip().seq()) {
            return new RecordPage(List.of(), 0);
        }
        List<DayFile> files = s.filesFrom(from).stream().filter(f -> overlaps(f.day(), query)).toList();
        List<AuditRecord> matches = new ArrayList<>();
        try (ChainReader r = new ChainReader(query.chain(), "query", files, from, s.tip().seq(), codec,
                log == null ? 0 : log.unreadableSeq())) {
            while (matches.size() <= query.limit() && r.advance()) {
                AuditRecord record = r.record();
                if (query.matches(record)) {
                    matches.add(record);
                }
            }
        }
        return RecordPage.fromLookahead(matches, query.limit());
    }

    /**
     * Looks in the day files a record with this id can be in: a UUIDv7 carries the millisecond it was
     * created, and a record is recorded that UTC day or, across midnight, the next. An id that is not a
     * UUIDv7 (imported records) is looked for in every file. A chain that cannot be read is skipped with a
     * warning, so it fails no lookup of another chain's record.
     */
    @Override
    public Optional<AuditRecord> findById(String id) {
        requireNonNull(id, "id is null");
        ensureOpen("find a record in", null);
        Optional<LocalDate> day = UuidV7Days.dayOf(id);
        for (Map.Entry<ChainId, ChainLog> e : chains.entrySet()) {
            try {
                Optional<AuditRecord> found = findIn(e.getKey(), e.getValue(), id, day);
                if (found.isPresent()) {
                    return found;
                }
            } catch (ChainUnreadableException x) {
                LOG.log(WARNING, "Looking up record {0} skipped chain {1}: {2}", id, e.getKey(), x.getMessage());
            }
        }
        return Optional.empty();
    }

    private Optional<AuditRecord> findIn(ChainId chain, ChainLog log, String id, Optional<LocalDate> day) {
        log.requireReadable("find a record in", false);
        ChainState s = log.state();
        List<DayFile> all = s.files();
        int first = 0;
        int last = all.size() - 1;
        if (day.isPresent()) {
            while (first < all.size() && all.get(first).day().isBefore(day.get())) {
                first++;
            }
            while (last >= first && all.get(last).day().isAfter(day.get().plusDays(1))) {
                last--;
            }
        }
        if (first > last) {
            return Optional.empty();
        }
        String needle = "\"id\":\"" + id + "\"";
        long upper = last + 1 < all.size() ? all.get(last + 1).firstSeq() - 1 : s.tip().seq();
        try (ChainReader r = new ChainReader(chain, "find a record in", all.subList(first, last + 1),
                all.get(first).firstSeq(), upper, codec, log.unreadableSeq())) {
            while (r.advance()) {
                if (r.json().contains(needle)) {
                    AuditRecord record = r.record();
                    if (record.id().equals(id)) {
                        return Optional.of(record);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the day files wholly below {@code seq} and rewrites the one that straddles it, holding the
     * chain's write lock (ADR 0074). A read of the same chain that runs across a purge may fail with an
     * {@link AuditStoreException} (never return wrong records); it can be retried.
     */
    @Override
    public long purgeBefore(ChainId chain, long seq) {
        requireNonNull(chain, "chain is null");
        ensureOpen("purge", chain);
        ChainLog log = chains.get(chain);
        return log == null ? 0 : log.purgeBefore(seq);
    }

    @Override
    public Set<ChainId> chains() {
        ensureOpen("list chains of", null);
        Set<ChainId> ids = new TreeSet<>();
        chains.forEach((id, log) -> {
            if (!log.state().tip().isGenesis() || log.unreadable()) {
                ids.add(id);
            }
        });
        return Collections.unmodifiableSet(ids);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AuditStoreException failure = null;
        for (ChainLog log : chains.values()) {
            try {
                log.close();
            } catch (IOException e) {
                failure = failure != null ? failure : new AuditStoreException("close file store " + root, e);
            }
        }
        lock.close();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "FileAuditStore[" + root + "]";
    }

    private ChainReader reader(String operation, ChainId chain, long fromSeq, long toSeq) {
        requireNonNull(chain, "chain is null");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("need 1 <= fromSeq <= toSeq, got " + fromSeq + ".." + toSeq);
        }
        ensureOpen(operation, chain);
        ChainLog log = chains.get(chain);
        if (log != null) {
            log.requireReadable(operation, false);
        }
        ChainState s = log == null ? ChainState.EMPTY : log.state();
        long upper = Math.min(toSeq, s.tip().seq());
        return fromSeq > upper ? null : new ChainReader(chain, operation, s.filesFrom(fromSeq), fromSeq, upper, codec,
                log == null ? 0 : log.unreadableSeq());
    }

    /** Whether records of a UTC day may fall in the query's [from, to) window. */
    private static boolean overlaps(LocalDate day, RecordQuery q) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return (q.from() == null || end.isAfter(q.from())) && (q.to() == null || start.isBefore(q.to()));
    }

    private void ensureOpen(String operation, ChainId chain) {
        if (closed.get()) {
            throw new AuditStoreException(operation + (chain == null ? "" : " chain " + chain) + ": file store "
                    + root + " is closed");
        }
    }
}
