package dev.custody.app.bench;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.privacy.SubjectKeys;
import dev.custody.ports.ChainId;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code subject-keys [subjects] [batch]}: the keys of {@code subjects} new data subjects (default 1,000,000), made
 * the way ingest makes them ({@link SubjectKeys#open}: service pseudonym, the subject's PRF keyset and pseudonym,
 * its AEAD keyset, one field sealed), {@code batch} subjects per {@link KeyStore#batch} (default 1,000, one
 * request's worth), by the {@code tink} key store. Reports subjects/s, files and bytes on disk, heap, the time to
 * reopen, and erasures/s, beside two measured in the same run: the limit, a bare loop doing the same cryptography
 * and appending the same bytes with one fdatasync per batch; and the earlier layout (a file per keyset). Then five
 * such batches through the service's composition root, with the files each adds.
 */
public final class SubjectKeysBenchmark {

    private final Path dir;
    private final PrintStream out;

    SubjectKeysBenchmark(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    void run(int subjects, int batch) throws Exception {
        Path home = Files.createDirectories(dir.resolve("subject-keys-" + System.currentTimeMillis()));
        byte[] field = "a prompt of about forty bytes, personal".getBytes(StandardCharsets.UTF_8);
        long heapBefore = heap();
        double custody;
        long took;
        try (KeyStore keys = open(home)) {
            SubjectKeys subjects0 = new SubjectKeys(keys);
            create(subjects0, keys, "warm-up-", Math.min(subjects, 20_000), batch, field);
            long start = System.nanoTime();
            create(subjects0, keys, "subject-", subjects, batch, field);
            took = System.nanoTime() - start;
            custody = subjects / (took / 1e9);
            long heapAfter = heap();
            long files = count(home.resolve("keys"));
            long bytes = bytes(home.resolve("keys"));
            int total = subjects + Math.min(subjects, 20_000);
            out.printf("subject keys: %,d new subjects in batches of %,d: %,.0f subjects/s (%.1f s)%n", subjects, batch,
                    custody, took / 1e9);
            out.printf("  key directory: %d files, %,d bytes (%.0f bytes per subject); heap +%,d MB (%.0f bytes per subject, "
                    + "index and cache)%n", files, bytes, bytes / (double) total, (heapAfter - heapBefore) >> 20,
                    (heapAfter - heapBefore) / (double) total);
            long e0 = System.nanoTime();
            int erased = Math.min(subjects / 2, 2_000);
            for (int i = 0; i < erased; i++) {
                subjects0.destroy("subject-" + i);
            }
            out.printf("  erasure: %,d subjects: %,.0f subjects/s (each destroys two keysets: two in-place overwrites, "
                    + "four fdatasyncs)%n", erased, erased / ((System.nanoTime() - e0) / 1e9));
        }
        long r0 = System.nanoTime();
        try (KeyStore keys = open(home)) {
            out.printf("  reopen (scan of the keyset file, index rebuilt): %.2f s%n", (System.nanoTime() - r0) / 1e9);
            if (keys.existingPrf("subject-prf-" + new SubjectKeys(keys).servicePseudonym("subject-" + (subjects - 1))).isEmpty()) {
                throw new IllegalStateException("the last subject's keys did not survive the reopen");
            }
        }
        double bytesPerSubject = bytes(home.resolve("keys")) / (double) (subjects + Math.min(subjects, 20_000) - Math.min(subjects / 2, 2_000));
        RawLoop raw = new RawLoop(home.resolve("raw"));
        raw.run(Math.min(subjects, 20_000), batch);   // warm-up
        double limit = raw.run(subjects, batch);
        out.printf("limit: one thread doing the same cryptography per subject (two pseudonyms, two keysets generated and "
                + "wrapped, one field sealed) and appending the same bytes, one fdatasync per %,d subjects: %,.0f subjects/s%n",
                batch, limit);
        out.printf("ratio: %.2f (target >= 0.50)%n", custody / limit);
        int legacy = Math.min(subjects, 2_000);
        double perFile = raw.filePerKeyset(legacy);
        out.printf("the earlier layout (a file per keyset: write, fsync, rename, directory fsync), %,d subjects: %,.0f "
                + "subjects/s, %,d files; this layout is %.0fx faster and uses 3 files%n", legacy, perFile, 2L * legacy,
                custody / perFile);
        out.printf("  (%.0f bytes per subject on disk after erasures)%n", bytesPerSubject);
        deleteTree(home);
        service(5, batch);
    }

    /**
     * Through the service's composition root ({@code file} backend, personal data on): {@code batches} batches of
     * {@code batch} events, each with a new subject; what each batch costs and which files it adds.
     */
    void service(int batches, int batch) throws Exception {
        Path home = Files.createDirectories(dir.resolve("subject-keys-service-" + System.currentTimeMillis()));
        ChainId chain = ChainId.of("bench", "subjects");
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("bench", Map.of("custody.home", home.toString(),
                        "custody.personal-data.fields", List.of("/payload/prompt"))))),
                AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC())) {
            long keysBefore = count(home.resolve("keys"));
            long subjectsBefore = Files.isDirectory(home.resolve("subjects")) ? count(home.resolve("subjects")) : 0;
            long[] ms = new long[batches];
            for (int b = 0; b < batches; b++) {
                List<AuditEvent> events = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    events.add(AuditEvent.builder(chain).kind("llm_call").action("chat").actor("service", "bot").outcome("ok")
                            .subjectId("s-" + b + "-" + i).payload(Map.of("prompt", "prompt " + i)).build());
                }
                long t0 = System.nanoTime();
                runtime.appender().append(events);
                ms[b] = (System.nanoTime() - t0) / 1_000_000;
            }
            out.printf("through the service (file backend, personal data on), %d batches of %,d events with new subjects: "
                    + "%s ms per batch; files added: %d in keys/, %d in subjects/ (the subject index, ADR 0102)%n", batches, batch,
                    Arrays.toString(ms), count(home.resolve("keys")) - keysBefore,
                    count(home.resolve("subjects")) - subjectsBefore);
        }
        deleteTree(home);
    }

    private static void create(SubjectKeys subjects, KeyStore keys, String prefix, int n, int batch, byte[] field) {
        for (int from = 0; from < n; from += batch) {
            int first = from;
            int last = Math.min(n, from + batch);
            keys.batch(() -> {
                for (int i = first; i < last; i++) {
                    subjects.open(prefix + i).cipher().encrypt(field, field);
                }
                return null;
            });
        }
    }

    private KeyStore open(Path home) {
        return ProviderRegistry.load(KeyStoreProvider.class, getClass().getClassLoader(), "key store").get("tink")
                .create(ProviderConfig.of("bench.", Map.of()), ProviderContext.of(home));
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The bare loops: the limit of this layout, and the earlier layout. */
    private static final class RawLoop {
        private final Path dir;
        private final Aead kek;

        RawLoop(Path dir) throws Exception {
            this.dir = Files.createDirectories(dir);
            this.kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(),
                    Aead.class);
        }

        double run(int subjects, int batch) throws Exception {
            Path file = dir.resolve("raw-" + System.nanoTime());
            ByteBuffer buf = ByteBuffer.allocate(4 << 20);
            long start = System.nanoTime();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                PrfSet service = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)
                        .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
                for (int i = 0; i < subjects; i++) {
                    // what a new subject needs whatever the layout: its pseudonyms, its two keysets wrapped, one field sealed
                    byte[] id = ("subject-" + i).getBytes(StandardCharsets.UTF_8);
                    service.computePrimary(id, 16);
                    KeysetHandle prf = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
                    prf.getPrimitive(RegistryConfiguration.get(), PrfSet.class).computePrimary(id, 16);
                    KeysetHandle aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                    aead.getPrimitive(RegistryConfiguration.get(), Aead.class).encrypt(id, id);
                    buf.put(wrapped(prf)).put(wrapped(aead));
                    if ((i + 1) % batch == 0 || i + 1 == subjects) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                        buf.clear();
                        ch.force(false);
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
            return subjects / ((System.nanoTime() - start) / 1e9);
        }

        /** The earlier layout: each keyset in its own file, written as OwnerOnlyFiles did. */
        double filePerKeyset(int subjects) throws Exception {
            Path files = Files.createDirectories(dir.resolve("files-" + System.nanoTime()));
            long start = System.nanoTime();
            for (int i = 0; i < subjects; i++) {
                for (String name : List.of("subject-prf-" + i, "subject-" + i)) {
                    KeysetHandle h = KeysetHandle.generateNew(name.startsWith("subject-prf")
                            ? PredefinedPrfParameters.HMAC_SHA256_PRF : PredefinedAeadParameters.AES256_GCM);
                    byte[] json = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(h, kek, name.getBytes(StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    Path tmp = files.resolve("." + name + ".tmp");
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(json));
                        ch.force(true);
                    }
                    Files.move(tmp, files.resolve(name + ".keyset.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    try (FileChannel d = FileChannel.open(files, StandardOpenOption.READ)) {
                        d.force(true);
                    }
                }
            }
            double rate = subjects / ((System.nanoTime() - start) / 1e9);
            deleteTree(files);
            return rate;
        }

        private byte[] wrapped(KeysetHandle h) throws Exception {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(h, kek, "custody.keyset.subject".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long count(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    private static long bytes(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code subject-keys [subjects] [batch]}, under {@code --dir} (default target/bench-data). */
    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Path dir = Path.of("target", "bench-data");
        int d = a.indexOf("--dir");
        if (d >= 0) {
            dir = Path.of(a.get(d + 1));
            a.subList(d, d + 2).clear();
        }
        int subjects = a.size() > 1 ? Integer.parseInt(a.get(1)) : 1_000_000;
        int batch = a.size() > 2 ? Integer.parseInt(a.get(2)) : 1000;
        new SubjectKeysBenchmark(dir, System.out).run(subjects, batch);
    }
}
