package dev.custody.adapters.file;

import static java.lang.System.Logger.Level.WARNING;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Brings the chains of a store directory back after a restart or a crash: repairs the torn tail of
 * each chain's newest day file, drops newest files left empty, deletes the temporary file of an
 * interrupted purge, and rebuilds tip and day-file index. After a purge a chain's first day file starts
 * at the oldest retained seq, not at 1; that is normal, the index reads each file's first seq.
 * Only the newest file can be torn: a batch that crosses midnight makes its older file durable before
 * it creates the newer one.
 */
final class ChainRecovery {

    private static final System.Logger LOG = System.getLogger(ChainRecovery.class.getName());

    private ChainRecovery() {
    }

    /**
     * A chain as found on disk.
     *
     * @param chain the chain
     * @param dir its directory
     * @param state its tip and day files
     * @param repairs how many day files had a torn tail cut (0 or 1)
     */
    record Recovered(ChainId chain, Path dir, ChainState state, int repairs) {
    }

    /** Every chain directory under {@code root}; entries that are not chain directories are ignored. */
    static List<Recovered> recoverAll(Path root, LineCodec codec) throws IOException {
        List<Recovered> chains = new ArrayList<>();
        for (Path ns : list(root)) {
            String name = ns.getFileName().toString();
            if (name.equals(DirectoryLock.FILE_NAME) || name.equals(StoreFormat.FILE_NAME) || !isChainLevelDir(ns)) {
                continue;
            }
            for (Path tenant : list(ns)) {
                if (isChainLevelDir(tenant)) {
                    ChainId chain = ChainId.of(ns.getFileName().toString(), tenant.getFileName().toString());
                    chains.add(recover(chain, StorePaths.chainDir(root, chain), codec));
                }
            }
        }
        return chains;
    }

    /** One chain's directory. */
    static Recovered recover(ChainId chain, Path dir, LineCodec codec) throws IOException {
        List<Map.Entry<LocalDate, Path>> files = new ArrayList<>(dayFiles(dir).entrySet());
        int repairs = 0;
        TailRepair.Outcome tail = null;
        while (!files.isEmpty()) {
            Path newest = files.get(files.size() - 1).getValue();
            TailRepair.Outcome o = TailRepair.repair(newest, line -> isRecord(chain, line, codec));
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
            return new Recovered(chain, dir, ChainState.EMPTY, repairs);
        }
        String last = new String(tail.lastLine(), StandardCharsets.UTF_8);
        ChainTip tip = ChainTip.of(RecordLines.parse(chain, codec.open(chain, codec.seqOf(last), last)));
        return new Recovered(chain, dir, new ChainState(tip, index(chain, files, tip, codec)), repairs);
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
            throw new AuditStoreException("Cannot index chain " + chain + ": " + file + " line 1: " + e.getMessage()
                    + ". The file was changed outside Custody; restore it from a backup", e);
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
     * Whether a complete line is a stored record: strict UTF-8, no NUL, parses with the v1 fields (for a
     * sealed line: has the sealed form; it is not opened, so a key problem is never mistaken for a torn write).
     */
    static boolean isRecord(ChainId chain, byte[] line, LineCodec codec) {
        for (byte b : line) {
            if (b == 0) {
                return false;
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line)).toString();
            if (codec.plain()) {
                RecordLines.parse(chain, text);
            } else {
                codec.seqOf(text);
            }
            return true;
        } catch (IOException e) {
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
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && ChainId.isValidName(p.getFileName().toString())) {
            return true;
        }
        LOG.log(WARNING, "Ignoring {0}: not a namespace or tenant directory (links are not followed)", p);
        return false;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
