package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A child JVM appends under load and is killed with SIGKILL at a random moment, 20 times over the same
 * directory. After each kill the store reopens (repairing a torn tail if there is one), every record
 * whose append had returned is there with its seq, the chain verifies, and the next child continues it.
 * It runs with the default {@code max-open-chains} over two chains, and with 2 over six chains, so that chains are
 * closed and recovered again under the writers when the kill comes (the reopened store holds 2 as well).
 */
class FileCrashIT {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "max-open-chains {0}, {1} chains")
    @CsvSource({"1024, 2", "2, 6"})
    void sigkillUnderLoad_losesNoAcknowledgedRecordAndTheChainsVerify(int maxOpenChains, int chainCount) throws Exception {
        List<ChainId> chains = CrashWriter.chains(chainCount);
        Random random = new Random();
        Map<String, Map<Long, String>> acked = new HashMap<>();
        long totalAcked = 0;
        int repaired = 0;
        for (int round = 1; round <= KILLS; round++) {
            Map<String, Map<Long, String>> roundAcks = runAndKill(random.nextInt(1200) + 100, maxOpenChains, chainCount);
            roundAcks.forEach((tenant, m) -> acked.computeIfAbsent(tenant, k -> new HashMap<>()).putAll(m));
            totalAcked += roundAcks.values().stream().mapToLong(Map::size).sum();
            try (FileAuditStore store = FileAuditStore.open(dir, Clock.systemUTC(), LineCodec.PLAIN, maxOpenChains)) {
                for (ChainId chain : chains) {
                    Map<Long, String> expected = acked.getOrDefault(chain.tenant(), Map.of());
                    Map<Long, String> stored = new HashMap<>();
                    try (var s = store.stream(chain)) {
                        s.forEach(r -> stored.put(r.seq(), r.id()));
                    }
                    for (Map.Entry<Long, String> e : expected.entrySet()) {
                        assertThat(stored.get(e.getKey()))
                                .as("round %d: acknowledged record %s seq %d of %s", round, e.getValue(), e.getKey(), chain)
                                .isEqualTo(e.getValue());
                    }
                    Verification v = new ChainVerifier().verify(store, chain);
                    assertThat(v.valid()).as("round %d: %s verifies: %s", round, chain, v.reason()).isTrue();
                    assertThat(v.recordsChecked()).isEqualTo(stored.size()).isEqualTo(store.tip(chain).seq());
                }
                repaired += store.repairedTails();   // chains are recovered, torn tails cut, at their first use
            }
        }
        assertThat(totalAcked).as("records acknowledged across %d kills", KILLS).isGreaterThan(KILLS * 10L);
        System.getLogger(FileCrashIT.class.getName()).log(System.Logger.Level.INFO,
                "{0} kills, {1} acknowledged records all present, {2} torn tails repaired", KILLS, totalAcked, repaired);
    }

    /** Starts a writer, lets it run {@code millis} after it is ready, kills it, and returns what it acknowledged. */
    private Map<String, Map<Long, String>> runAndKill(long millis, int maxOpenChains, int chains) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), "8", String.valueOf(maxOpenChains), String.valueOf(chains))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Map<Long, String>> acks = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("ready")) {
                        ready.countDown();
                    } else if (line.startsWith("ack ")) {
                        String[] f = line.split(" ");
                        if (f.length == 4) {   // a line cut by the kill is not an acknowledgement we saw
                            acks.computeIfAbsent(f[1], k -> new ConcurrentHashMap<>()).put(Long.parseLong(f[2]), f[3]);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the pipe breaks when the child dies
            }
        });
        reader.start();
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("child started").isTrue();
        Thread.sleep(millis);
        child.toHandle().destroyForcibly();   // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        return acks;
    }
}
