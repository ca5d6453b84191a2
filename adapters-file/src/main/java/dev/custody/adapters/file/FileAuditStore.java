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
import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An {@link AuditStore} in a local directory: {@code <dir>/<namespace>/<tenant>/<yyyy-mm-dd>.jsonl}, one
 * stored record per line, each batch fdatasync'ed before {@link #append} returns. One process may hold
 * a directory at a time ({@code <dir>/.lock}). Opening reads no chain: a chain is recovered (its torn tail
 * repaired) at its first use, and at most {@code maxOpenChains} chains are held open, the least recently used
 * closed first (ADR 0125, 0126). A chain that cannot be read fails its own operations with
 * {@link ChainUnreadableException}; the others work (ADR 0081). Running out of descriptors or disk space is
 * a {@link StoreUnavailableException}. Retention removes a chain's oldest records with {@link #purgeBefore}.
 */
final class FileAuditStore implements AuditStore {

    /** How many chains a store holds open unless told otherwise. */
    static final int DEFAULT_MAX_OPEN_CHAINS = 1024;

    private static final System.Logger LOG = System.getLogger(FileAuditStore.class.getName());

    private static final Set<StoreCapability> CAPABILITIES = Collections.unmodifiableSet(
            EnumSet.of(StoreCapability.CONDITIONAL_APPEND, StoreCapability.DURABLE, StoreCapability.PURGE_BEFORE_SEQ));

    private final Path root;
    private final DirectoryLock lock;
    private final LineCodec codec;
    private final AppendChannels channels;
    private final OpenChains chains;
    private final AtomicInteger repairedTails = new AtomicInteger();
    private final AtomicLong recoveries = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileAuditStore(Path root, DirectoryLock lock, LineCodec codec, int maxOpenChains, AppendChannels channels) {
        this.root = root;
        this.lock = lock;
        this.codec = codec;
        this.channels = channels;
        this.chains = new OpenChains(maxOpenChains, this::recover);
    }

    /** Opens (creating it if needed) the store in {@code dir}, plain, with the system clock and the default cap. */
    static FileAuditStore open(Path dir) {
        return open(dir, Clock.systemUTC(), LineCodec.PLAIN, DEFAULT_MAX_OPEN_CHAINS);
    }

    /**
     * Opens the store in {@code dir}: takes the directory lock and checks the format marker; no chain is read. Lines
     * are made by {@code codec} ({@code encrypted-file} seals them); at most {@code maxOpenChains} chains are held open.
     *
     * @throws dev.custody.ports.StoreUnavailableException when another process or store holds the directory
     * @throws AuditStoreException when the directory cannot be used
     */
    static FileAuditStore open(Path dir, Clock clock, LineCodec codec, int maxOpenChains) {
        return open(dir, clock, codec, maxOpenChains, AppendChannels.FILES);
    }

    /** The same, opening the day files it appends to through {@code channels} (tests). */
    static FileAuditStore open(Path dir, Clock clock, LineCodec codec, int maxOpenChains, AppendChannels channels) {
        requireNonNull(dir, "dir is null");
        if (maxOpenChains < 1) {
            throw new IllegalArgumentException("maxOpenChains must be at least 1, got " + maxOpenChains);
        }
        Path root;
        try {
            root = PrivateFiles.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new AuditStoreException("open file store " + dir + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(root, clock);
        try {
            StoreFormat.check(root, codec);
            StoreListing.warnAboutStrayEntries(root);
            return new FileAuditStore(root, lock, codec, maxOpenChains, channels);
        } catch (IOException | RuntimeException e) {
            lock.close();
            RuntimeException failure = e instanceof AuditStoreException a ? a
                    : new AuditStoreException("open file store " + root + ": " + e.getMessage(), e);
            throw Exhaustion.reported("open file store " + root, failure);
        }
    }

    /**
     * How many records each key sealed, read chain by chain (each recovered first, so a torn tail is not counted);
     * a chain that cannot be read fails the count, naming it.
     */
    @Override
    public Optional<KeyUsage> keyUsage() {
        if (!(codec instanceof SealedLines sealed)) {
            return Optional.empty();
        }
        Map<Long, Long> byKey = new TreeMap<>();
        for (ChainId chain : chains()) {
            try (ChainReader r = reader("count the keys of", chain, 1, Long.MAX_VALUE)) {
                while (r != null && r.advance()) {
                    byKey.merge(SealedLines.keyIdOf(r.line()), 1L, Long::sum);
                }
            } catch (IOException e) {
                throw new AuditStoreException("count the records each key sealed in " + root + ": chain " + chain + ": "
                        + e.getMessage(), e);
            }
        }
        return Optional.of(new KeyUsage(sealed.keyset(), byKey));
    }

    /** The store's directory (its real path). */
    Path directory() {
        return root;
    }

    /** How many day files had a torn tail cut since the store was opened: chains are recovered at their first use. */
    int repairedTails() {
        return repairedTails.get();
    }

    /** How many times a chain was recovered since the store was opened: once per first use, once per reopening. */
    long recoveries() {
        return recoveries.get();
    }

    /** How many chains are open now (recovered, or being recovered): never more than {@code maxOpenChains}. */
    int openChains() {
        return chains.openChains();
    }

    /** How many append channels are open now: never more than {@code maxOpenChains}. */
    int openChannels() {
        return chains.openChannels();
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChainTip tip(ChainId chain) {
        requireNonNull(chain, "chain is null");
        ensureOpen("tip", chain);
        return chains.withRoom("tip of chain " + chain, () -> {
            try (OpenChains.Lease held = chains.acquire(chain)) {
                held.log().requireReadable("tip of", true);
                return held.log().state().tip();
            }
        });
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        Batch checked = Batch.of(chain, expected, batch, codec);
        ensureOpen("append to", chain);
        return chains.withRoom("append to chain " + chain, () -> {
            try (OpenChains.Lease held = chains.acquire(chain)) {
                return held.log().append(expected, checked);
            }
        });
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
        ChainView v = view("query", query.chain());
        ChainState s = v.state();
        long from = query.afterSeq() + 1;
        if (from > s.tip().seq()) {
            return new RecordPage(List.of(), 0);
        }
        List<DayFile> files = s.filesFrom(from).stream().filter(f -> overlaps(f.day(), query)).toList();
        List<AuditRecord> matches = new ArrayList<>();
        try (ChainReader r = new ChainReader(query.chain(), "query", files, from, s.tip().seq(), codec,
                v.unreadableSeq(), chains::openForReading)) {
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
     * created, and a record is recorded that UTC day or, across midnight, the next. A chain without either
     * day file is passed over without being opened. An id that is not a UUIDv7 (imported records) is looked
     * for in every file. A chain that cannot be read is skipped with a warning, so it fails no lookup of
     * another chain's record.
     */
    @Override
    public Optional<AuditRecord> findById(String id) {
        requireNonNull(id, "id is null");
        ensureOpen("find a record in", null);
        Optional<LocalDate> day = UuidV7Days.dayOf(id);
        for (ChainId chain : chains()) {
            if (day.isPresent() && !StoreListing.holdsDay(StorePaths.chainDir(root, chain), day.get())) {
                continue;
            }
            try {
                Optional<AuditRecord> found = findIn(chain, view("find a record in", chain), id, day);
                if (found.isPresent()) {
                    return found;
                }
            } catch (ChainUnreadableException x) {
                LOG.log(WARNING, "Looking up record {0} skipped chain {1}: {2}", id, chain, x.getMessage());
            }
        }
        return Optional.empty();
    }

    private Optional<AuditRecord> findIn(ChainId chain, ChainView v, String id, Optional<LocalDate> day) {
        ChainState s = v.state();
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
                all.get(first).firstSeq(), upper, codec, v.unreadableSeq(), chains::openForReading)) {
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
        String operation = "purge chain " + chain;
        try (OpenChains.Lease held = chains.withRoom(operation, () -> chains.acquire(chain))) {
            return held.log().purgeBefore(seq);   // not run twice: a purge cut short says so, and the next run goes on
        } catch (RuntimeException e) {
            throw Exhaustion.reported(operation, e);
        }
    }

    /**
     * Every chain directory that holds a record: walked on disk, without opening a day file. An open chain
     * answers from its state; another one is listed when its directory holds a non-empty day file, so a chain
     * whose only lines are a torn write is listed until its first use repairs it (ADR 0126).
     */
    @Override
    public Set<ChainId> chains() {
        ensureOpen("list chains of", null);
        return chains.withRoom("list the chains of file store " + root, () -> StoreListing.chains(root, chain -> {
            ChainLog open = chains.peek(chain);
            return open == null ? null : !open.state().tip().isGenesis() || open.unreadable();
        }));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AuditStoreException failure = null;
        try {
            chains.close();
        } catch (IOException e) {
            failure = new AuditStoreException("close file store " + root, e);
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

    /** Recovers a chain for {@link OpenChains}: at its first use, and when it is reopened after being closed for room. */
    private ChainLog recover(ChainId chain) {
        ChainRecovery.Recovered r = ChainRecovery.recover(root, chain, codec);
        recoveries.incrementAndGet();
        repairedTails.addAndGet(r.repairs());
        return new ChainLog(chain, root, r.dir(), r.state(), codec, r.unreadable(), channels);
    }

    /** What a read needs of a chain: its state, taken under a lease that ends before the files are read. */
    private record ChainView(ChainState state, long unreadableSeq) {
    }

    private ChainView view(String operation, ChainId chain) {
        return chains.withRoom(operation + " chain " + chain, () -> {
            try (OpenChains.Lease held = chains.acquire(chain)) {
                held.log().requireReadable(operation, false);
                return new ChainView(held.log().state(), held.log().unreadableSeq());
            }
        });
    }

    private ChainReader reader(String operation, ChainId chain, long fromSeq, long toSeq) {
        requireNonNull(chain, "chain is null");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("need 1 <= fromSeq <= toSeq, got " + fromSeq + ".." + toSeq);
        }
        ensureOpen(operation, chain);
        ChainView v = view(operation, chain);
        ChainState s = v.state();
        long upper = Math.min(toSeq, s.tip().seq());
        return fromSeq > upper ? null : new ChainReader(chain, operation, s.filesFrom(fromSeq), fromSeq, upper, codec,
                v.unreadableSeq(), chains::openForReading);
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
