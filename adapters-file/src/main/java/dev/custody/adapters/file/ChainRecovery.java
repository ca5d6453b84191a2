package dev.custody.adapters.file;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Brings a chain back when a store opens it — at its first use after a start, a restart or a crash, and again
 * whenever the store reopens it after closing it for room (ADR 0126): repairs the torn tail of the chain's newest
 * day file, drops newest files left empty, deletes the temporary file of an interrupted purge, and rebuilds tip and
 * day-file index. After a purge a chain's first day file starts at the oldest retained seq, not at 1; that is
 * normal, the index reads each file's first seq. Only the newest file can be torn: a batch that crosses midnight
 * makes its older file durable before it creates the newer one.
 *
 * <p>Torn means a last line without its {@code '\n'}, or complete lines that are not a JSON object at all (NUL
 * bytes of unwritten blocks, a fragment): a crash leaves nothing else. A complete JSON object line is never cut,
 * even one the reader cannot decode. Such a line, or any other failure to recover one chain, makes that chain
 * unreadable ({@link Recovered#unreadable()}), logged with its file and line; the store and its other chains
 * work normally (ADR 0081).
 */
final class ChainRecovery {

    private static final System.Logger LOG = System.getLogger(ChainRecovery.class.getName());

    /**
     * The hash of the tip of a chain whose newest seq is known but whose newest record does not read: a placeholder
     * for the index, never handed out ({@code tip} and appends of such a chain fail).
     */
    static final String UNREADABLE_TIP_HASH = "unreadable";

    private ChainRecovery() {
    }

    /**
     * A chain as found on disk.
     *
     * @param chain the chain
     * @param dir its directory
     * @param state its tip and day files
     * @param repairs how many day files had a torn tail cut (0 or 1)
     * @param unreadable why the chain cannot be read, or null: its {@code seq} is that of the record that cannot be
     *     read (then {@code state} indexes the records before it), or 0 when nothing of it can be read
     */
    record Recovered(ChainId chain, Path dir, ChainState state, int repairs, ChainUnreadableException unreadable) {
    }

    /**
     * The chain {@code chain} of the store in {@code root}, recovered at its first use (ADR 0126). A chain without a
     * directory is empty; so is one whose namespace or tenant directory is a link, which is not followed (a warning
     * says so). A chain that cannot be recovered comes back unreadable, never as an exception — unless the machine is
     * out of descriptors or space, which says nothing about the chain: that is a {@link StoreUnavailableException}.
     */
    static Recovered recover(Path root, ChainId chain, LineCodec codec) {
        Path dir = StorePaths.chainDir(root, chain);
        if (!isChainLevelDir(dir.getParent()) || !isChainLevelDir(dir)) {
            return new Recovered(chain, dir, ChainState.EMPTY, 0, null);
        }
        return recover(chain, dir, codec);
    }

    /** One chain's directory, which exists; see {@link #recover(Path, ChainId, LineCodec)}. */
    static Recovered recover(ChainId chain, Path dir, LineCodec codec) {
        try {
            return recoverOrThrow(chain, dir, codec);
        } catch (IOException | RuntimeException e) {
            if (Exhaustion.outOfDescriptors(e) || Exhaustion.outOfSpace(e)) {
                RuntimeException unchecked = e instanceof RuntimeException r ? r
                        : new AuditStoreException("recover chain " + chain + " from " + dir + ": " + e.getMessage(), e);
                throw Exhaustion.reported("recover chain " + chain, unchecked);
            }
            ChainUnreadableException u = e instanceof ChainUnreadableException c && c.seq() == 0 ? c
                    : new ChainUnreadableException(chain, 0, dir + ": " + e.getMessage(), e);
            LOG.log(ERROR, "Chain {0} cannot be read and is left as it is; its operations fail until the file is"
                    + " restored from a backup, the other chains work: {1}", chain, u.getMessage());
            return new Recovered(chain, dir, ChainState.EMPTY, 0, u);
        }
    }

    private static Recovered recoverOrThrow(ChainId chain, Path dir, LineCodec codec) throws IOException {
        List<Map.Entry<LocalDate, Path>> files = new ArrayList<>(dayFiles(dir).entrySet());
        int repairs = 0;
        TailRepair.Outcome tail = null;
        while (!files.isEmpty()) {
            Path newest = files.get(files.size() - 1).getValue();
            TailRepair.Outcome o = TailRepair.repair(newest, ChainRecovery::isComplete);
            if (o.bytesRemoved() > 0) {
                repairs++;
                LOG.log(WARNING, "Repaired the tail of {0} left by an interrupted write: removed {1} bytes,"
                        + " including {2} complete lines that were not records", newest, o.bytesRemoved(), o.linesDropped());
            }
            if (o.size() > 0) {
                tail = o;
                break;
            }
            Files.delete(newest);
            Directories.sync(dir);
            LOG.log(WARNING, "Removed the empty day file {0}", newest);
            files.remove(files.size() - 1);
        }
        if (tail == null) {
            return new Recovered(chain, dir, ChainState.EMPTY, repairs, null);
        }
        Path newest = files.get(files.size() - 1).getValue();
        String last = new String(tail.lastLine(), StandardCharsets.UTF_8);
        long tipSeq;
        try {
            tipSeq = codec.seqOf(last);
        } catch (IOException e) {
            throw new ChainUnreadableException(chain, 0, newest + " line " + lineCount(newest) + ": " + e.getMessage(), e);
        }
        ChainTip tip;
        ChainUnreadableException unreadable = null;
        try {
            tip = ChainTip.of(RecordLines.parse(chain, codec.open(chain, tipSeq, last)));
        } catch (IOException e) {
            unreadable = new ChainUnreadableException(chain, tipSeq, newest + " line " + lineCount(newest) + ": "
                    + e.getMessage(), e);
            tip = new ChainTip(tipSeq, UNREADABLE_TIP_HASH, Instant.EPOCH);
        }
        ChainState state = new ChainState(tip, index(chain, files, tip, codec));
        if (unreadable != null) {
            LOG.log(ERROR, "Chain {0}: its newest record cannot be read and is kept as it is; the chain''s operations"
                    + " fail naming it until the file is restored from a backup, the other chains work: {1}", chain,
                    unreadable.getMessage());
        }
        return new Recovered(chain, dir, state, repairs, unreadable);
    }

    private static long lineCount(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long lines = 0;
            long pos = 0;
            int n;
            while ((n = ch.read(buf.clear(), pos)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                    }
                }
                pos += n;
            }
            return lines;
        }
    }

    private static List<DayFile> index(ChainId chain, List<Map.Entry<LocalDate, Path>> files, ChainTip tip,
            LineCodec codec) throws IOException {
        List<DayFile> index = new ArrayList<>();
        long previousLast = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i).getValue();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0) {
                    LOG.log(WARNING, "Ignoring the empty day file {0} between older and newer ones", file);
                    continue;
                }
                long first = firstSeq(chain, file, ch, codec);
                if (first != previousLast + 1 && previousLast != 0) {
                    LOG.log(WARNING, "Chain {0}: {1} starts at seq {2} but the day file before ends at seq {3};"
                            + " verification will report the chain broken", chain, file, first, previousLast);
                }
                index.add(new DayFile(files.get(i).getKey(), file, first));
                previousLast = i == files.size() - 1 ? tip.seq() : lastSeq(file, ch, size, codec);
            }
        }
        return index;
    }

    private static long firstSeq(ChainId chain, Path file, FileChannel ch, LineCodec codec) throws IOException {
        try {
            return codec.seqOf(new String(TailRepair.firstLine(ch), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ChainUnreadableException(chain, 0, "cannot index it: " + file + " line 1: " + e.getMessage()
                    + "; the file was changed outside Custody, restore it from a backup", e);
        }
    }

    private static long lastSeq(Path file, FileChannel ch, long size, LineCodec codec) {
        try {
            return codec.seqOf(new String(TailRepair.lastLine(ch, size), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(WARNING, "Cannot read the last seq of {0}: {1}", file, e.getMessage());
            return 0;
        }
    }

    /**
     * Whether a line that ends with {@code '\n'} was written whole: strict UTF-8 without NUL bytes, and one JSON
     * object, whatever its size, depth or content. It is not decoded as a record (nor opened, for a sealed line), so
     * neither a reader limit nor a key problem is ever mistaken for a torn write.
     */
    static boolean isComplete(byte[] line) {
        for (byte b : line) {
            if (b == 0) {
                return false;
            }
        }
        try {
            return StoredJson.isJsonObject(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line)).toString());
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Map<LocalDate, Path> dayFiles(Path dir) throws IOException {
        Map<LocalDate, Path> files = new TreeMap<>();
        for (Path f : list(dir)) {
            var day = StorePaths.dayOf(f);
            if (day.isPresent() && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                files.put(day.get(), f);
            } else if (StorePaths.isPurgeTemp(f) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(f);
                Directories.sync(dir);
                LOG.log(WARNING, "Removed {0}, left by a purge interrupted before its rename; the day file it"
                        + " was copied from is intact and the purge repeats at the next retention run", f);
            } else {
                LOG.log(WARNING, "Ignoring {0}: not a day file", f);
            }
        }
        return files;
    }

    private static boolean isChainLevelDir(Path p) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            LOG.log(WARNING, "Ignoring {0}: not a namespace or tenant directory (links are not followed)", p);
        }
        return false;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
