package dev.custody.adapters.file;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link FileCrashIT}: appends to {@code chains} chains from many threads until killed,
 * with a store that holds at most {@code max-open-chains} of them open. After each append returns (the record is
 * durable), prints {@code ack <tenant> <seq> <id>}: the parent holds the store to exactly those lines after the kill.
 * Arguments: {@code dir threads max-open-chains chains}.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    /** The chains a writer of {@code n} chains appends to. */
    static List<ChainId> chains(int n) {
        List<ChainId> chains = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chains.add(ChainId.of("crash", "c-" + i));
        }
        return chains;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int maxOpenChains = Integer.parseInt(args[2]);
        List<ChainId> chainsWritten = chains(Integer.parseInt(args[3]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        FileAuditStore store = FileAuditStore.open(dir, Clock.systemUTC(), LineCodec.PLAIN, maxOpenChains);
        ChainAppender appender = new ChainAppender(store, Clock.systemUTC());
        out.println("ready");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                for (long i = 0; ; i++) {
                    ChainId chain = chainsWritten.get((int) ((i + id) % chainsWritten.size()));
                    int size = 1 + (int) (i % 5);   // single events and small batches
                    List<AuditEvent> events = new java.util.ArrayList<>(size);
                    for (int k = 0; k < size; k++) {
                        events.add(AuditEvent.builder(chain).kind("decision").action("crash.test")
                                .actor("thread", "t" + id).outcome("ok")
                                .payload(Map.of("i", i, "k", k, "text", "x".repeat(200 + (int) (i % 300)))).build());
                    }
                    List<AuditRecord> records = appender.append(events);
                    synchronized (out) {
                        for (AuditRecord r : records) {
                            out.append("ack ").append(chain.tenant()).append(' ').append(Long.toString(r.seq()))
                                    .append(' ').append(r.id()).append('\n');
                        }
                        out.flush();
                    }
                }
            }, "crash-writer-" + t);
            writer.start();
        }
        Thread.currentThread().join();
    }
}
