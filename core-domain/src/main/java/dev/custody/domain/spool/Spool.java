package dev.custody.domain.spool;

import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The bounded local spool of every chain, under {@code <dir>/<namespace>/<tenant>/}. Events are counted as
 * they are written and as they drain; beyond {@link SpoolSettings#maxEvents()} or {@link SpoolSettings#maxBytes()}
 * new entries are refused with {@link SpoolFullException}.
 */
final class Spool implements AutoCloseable {

    private final Path dir;
    private final SpoolSettings settings;
    private final Map<ChainId, ChainSpool> chains = new ConcurrentSkipListMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private Spool(Path dir, SpoolSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** Opens the spool directory and every chain spool already in it (what a previous run left to drain). */
    static Spool open(Path dir, SpoolSettings settings) {
        Spool s = new Spool(dir, settings);
        try {
            PrivateFiles.createDirectories(dir);
            try (Stream<Path> found = Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals(ChainSpool.ENTRIES))) {
                for (Path entries : found.toList()) {
                    Path chainDir = entries.getParent();
                    ChainId chain = ChainId.of(chainDir.getParent().getFileName().toString(), chainDir.getFileName().toString());
                    ChainSpool cs = ChainSpool.open(chain, chainDir);
                    if (cs.closeIfDrained()) {
                        continue;
                    }
                    s.chains.put(chain, cs);
                    s.events.addAndGet(cs.pendingEvents());
                    s.bytes.addAndGet(cs.pendingBytes());
                }
            }
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("Cannot open the spool directory " + dir, e);
        }
        return s;
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code entry} durably at the end of its chain's spool. @throws SpoolFullException when it does not fit */
    void add(SpoolEntry entry) {
        byte[] line = entry.toLine();
        int n = entry.events().size();
        long e = events.addAndGet(n);
        long b = bytes.addAndGet(line.length);
        if (e > settings.maxEvents() || b > settings.maxBytes()) {
            events.addAndGet(-n);
            bytes.addAndGet(-line.length);
            throw new SpoolFullException("the system of record is unreachable and the spool is full ("
                    + (e - n) + " events, " + (b - line.length) + " bytes waiting; limits " + settings.maxEvents()
                    + " events, " + settings.maxBytes() + " bytes); nothing was stored, retry later");
        }
        try {
            while (true) {
                ChainSpool cs = chains.computeIfAbsent(entry.chain(),
                        c -> ChainSpool.open(c, dir.resolve(c.namespace()).resolve(c.tenant())));
                if (cs.append(line, n)) {
                    return;
                }
                chains.remove(entry.chain(), cs);   // drained and closed meanwhile: start a new one
            }
        } catch (RuntimeException | Error ex) {
            events.addAndGet(-n);
            bytes.addAndGet(-line.length);
            throw ex;
        }
    }

    /** Whether {@code chain} has events waiting (a new event of it must wait behind them). */
    boolean holds(ChainId chain) {
        ChainSpool cs = chains.get(chain);
        return cs != null && !cs.isClosed();
    }

    /** The chain spools with events waiting, in chain order. */
    List<ChainSpool> waiting() {
        return List.copyOf(chains.values());
    }

    /** Called after {@code cs} drained {@code n} events and {@code b} bytes. */
    void drained(long n, long b) {
        events.addAndGet(-n);
        bytes.addAndGet(-b);
    }

    /** Closes and forgets {@code cs} if it is empty; true if so. */
    boolean removeIfDrained(ChainSpool cs) {
        if (cs.closeIfDrained()) {
            chains.remove(cs.chain(), cs);
            return true;
        }
        return false;
    }

    long pendingEvents() {
        return events.get();
    }

    long pendingBytes() {
        return bytes.get();
    }

    /** A snapshot of the chains with events waiting, in order. */
    Set<ChainId> chains() {
        // Copy by iterating: TreeSet's copy of a SortedSet trusts size(), which a concurrent drain changes.
        Set<ChainId> copy = new TreeSet<>();
        for (ChainId chain : chains.keySet()) {
            copy.add(chain);
        }
        return copy;
    }

    boolean isEmpty() {
        return chains.isEmpty();
    }

    @Override
    public void close() {
        chains.values().forEach(ChainSpool::close);
    }
}
