package dev.custody.adapters.file;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Run by {@link FileDescriptorLimitIT} in a child JVM whose descriptor limit ({@code ulimit -n}) is far below the
 * store's {@code max-open-chains}: prints one line per finding, {@code done} at the end.
 *
 * <ol>
 *   <li>{@code many-chains}: more chains than the OS gives descriptors, all written and read back: the store closes
 *       idle chains when the OS refuses a file and tries once more.</li>
 *   <li>{@code exhausted <operation> <exception>: <message>}: something else in the process holds every descriptor;
 *       each operation fails as an outage.</li>
 *   <li>{@code released <operation> ok}: once that something lets them go, the same operations work.</li>
 * </ol>
 */
public final class DescriptorLimitProbe {

    static final int CHAINS = 400;

    private DescriptorLimitProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (FileAuditStore store = FileAuditStore.open(dir.resolve("many"))) {
            List<TestChain> chains = new ArrayList<>();
            for (int i = 0; i < CHAINS; i++) {
                TestChain chain = TestChain.of("many", String.format("t-%03d", i));
                require(store.append(chain.chain, ChainTip.GENESIS, chain.next(1)) instanceof AppendResult.Appended, chain);
                chains.add(chain);
            }
            for (TestChain chain : chains) {
                require(store.readRange(chain.chain, 1, 5).size() == 1, chain);
            }
            out.println("many-chains appended=" + chains.size() + " open-channels=" + store.openChannels()
                    + " recoveries=" + store.recoveries());
        }

        try (FileAuditStore store = FileAuditStore.open(dir.resolve("exhausted"), java.time.Clock.systemUTC(),
                LineCodec.PLAIN, 1)) {
            TestChain known = TestChain.of("held", "known");
            store.append(known.chain, ChainTip.GENESIS, known.next(1));
            ChainId unknown = ChainId.of("held", "elsewhere");
            store.tip(unknown);                       // the one open chain now has no channel to give back
            store.chains();
            store.readRange(known.chain, 1, 1);       // every path below has run once: its classes are loaded
            store.tip(unknown);
            Exhaustion.reported("warm", new AuditStoreException("warm", new IOException("Too many open files")));
            TestChain fresh = TestChain.of("held", "fresh");
            List<AuditRecord> first = fresh.next(1);

            List<FileChannel> hogs = hogEveryDescriptor();
            try {
                report(out, "exhausted", "append", () -> store.append(fresh.chain, ChainTip.GENESIS, first));
                report(out, "exhausted", "tip", () -> store.tip(known.chain));
                report(out, "exhausted", "read", () -> store.readRange(known.chain, 1, 1));
                report(out, "exhausted", "chains", store::chains);
            } finally {
                for (FileChannel hog : hogs) {
                    hog.close();
                }
            }
            report(out, "released", "append", () -> store.append(fresh.chain, ChainTip.GENESIS, first));
            report(out, "released", "tip", () -> store.tip(known.chain));
            report(out, "released", "read", () -> store.readRange(known.chain, 1, 1));
            report(out, "released", "chains", store::chains);
        }
        out.println("done");
    }

    /** Opens /dev/null until the OS refuses, and keeps every descriptor. */
    private static List<FileChannel> hogEveryDescriptor() {
        List<FileChannel> hogs = new ArrayList<>();
        while (true) {
            try {
                hogs.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
            } catch (IOException e) {
                return hogs;
            }
        }
    }

    private static void report(PrintStream out, String phase, String operation, Supplier<?> call) {
        String line;
        try {
            call.get();
            line = phase + " " + operation + " ok";
        } catch (RuntimeException e) {
            line = phase + " " + operation + " " + e.getClass().getName() + ": " + e.getMessage().replace('\n', ' ');
        }
        out.println(line);
    }

    private static void require(boolean ok, TestChain chain) {
        if (!ok) {
            throw new IllegalStateException("chain " + chain.chain + " did not hold its record");
        }
    }
}
