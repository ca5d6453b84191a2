package dev.custody.app.cli.bench;

import dev.custody.app.cli.CliException;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody bench}: a load generator against an in-process runtime or a running server. */
@Command(name = "bench", sortOptions = false,
        description = {"Load generator: C clients append batches of B events and wait for each acknowledgement.",
                "In-process: --backend file|memory [--data-dir DIR]. Server: --url URL --token T | --token-file F.",
                "Many chains: --chains K --rounds R appends R batches to each of K chains, one per round.",
                "Progress every 5 s on stderr, then a summary on stdout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every append succeeded", "1:some appends failed (see errors)", "2:usage or setup error"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", description = "Total events (default 100000; not with --duration).")
    Long events;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Run for this long instead, e.g. 30s, 5m.")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "16", description = "Client threads (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "100", description = "Events per append/request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--chains", paramLabel = "K", defaultValue = "1",
            description = "Chains <namespace>/t0..t<K-1>; client i writes chain i mod K (default ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--rounds", paramLabel = "R",
            description = "Many chains: every chain gets R appends, one per round; a round appends to chains t0..t<K-1> "
                    + "in order, whichever client is free, so a chain's appends are K-1 other chains apart. K may then "
                    + "exceed C; the events are K*R*B (not with --events or --duration). The summary gives the latency "
                    + "of the first round (new chains) and of the later ones (revisits) apart.")
    Integer rounds;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "bench",
            description = "Namespace of the chains (default ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--payload-bytes", paramLabel = "P", defaultValue = "300", description = "Approximate payload size (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", description = "Events sent before measuring (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--backend", paramLabel = "NAME", description = "In-process backend: file or memory (default file).")
    String backend;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "custody.home of the in-process runtime (required for file).")
    Path dataDir;

    @Option(names = "--url", paramLabel = "URL", split = ",",
            description = "A running server, e.g. http://localhost:8080; several (comma-separated or repeated) are replicas "
                    + "of one service: client i talks to replica i mod their number.")
    List<URI> urls;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token of a writer key (with --url).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the token, e.g. <home>/bootstrap-admin.token.")
    Path tokenFile;

    @Option(names = "--watch-pid", paramLabel = "PID",
            description = "Sample that process (the server) every second while measuring: open descriptors, RSS (Linux /proc).")
    Long watchPid;

    @Option(names = "--watch-postgres", paramLabel = "JDBC-URL",
            description = "With --watch-pid: also count the connections to this database (pg_stat_activity), "
                    + "e.g. jdbc:postgresql://127.0.0.1:5432/custody?user=postgres.")
    String watchPostgres;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BenchRun.Plan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchEventSource source = new BenchEventSource(payloadBytes);
        try (BenchTarget target = target(source)) {
            if (warmup > 0) {
                BenchChains warm = rounds == null ? plan.chains()
                        : new BenchChains.PerClient(namespace + "-warmup", Math.min(chains, concurrency));
                BenchRun.run(target, new BenchRun.Plan(warmup, null, concurrency, batch, warm, 0), err, "warm-up:");
            }
            ServerWatch.Figures server = null;
            BenchRun.Outcome outcome;
            if (watchPid == null) {
                outcome = BenchRun.run(target, plan, err, "measuring:");
            } else {
                try (ServerWatch watch = ServerWatch.start(watchPid, watchPostgres)) {
                    outcome = BenchRun.run(target, plan, err, "measuring:");
                    server = watch.finish();
                }
            }
            BenchSummary summary = new BenchSummary(target.describe(), settings(plan), outcome, server);
            out.print(json ? summary.json() + System.lineSeparator() : summary.text());
            out.flush();
            return outcome.errors() == 0 ? 0 : 1;
        }
    }

    private BenchRun.Plan plan() {
        CommandLine cmd = spec.commandLine();
        if (events != null && duration != null) {
            throw new CommandLine.ParameterException(cmd, "Give --events or --duration, not both");
        }
        if (rounds != null && (events != null || duration != null)) {
            throw new CommandLine.ParameterException(cmd, "--rounds sets the events (chains x rounds x batch): "
                    + "do not give --events or --duration with it");
        }
        if (watchPostgres != null && watchPid == null) {
            throw new CommandLine.ParameterException(cmd, "--watch-postgres needs --watch-pid");
        }
        if (rounds != null) {
            positive(cmd, "--rounds", rounds);
        }
        long total = rounds != null ? (long) chains * rounds * batch : duration != null ? -1 : events == null ? 100_000 : events;
        positive(cmd, "--events", duration != null ? 1 : total);
        positive(cmd, "--concurrency", concurrency);
        positive(cmd, "--batch", batch);
        positive(cmd, "--chains", chains);
        if (payloadBytes < 0 || warmup < 0) {
            throw new CommandLine.ParameterException(cmd, "--payload-bytes and --warmup must be >= 0");
        }
        if (rounds == null && chains > concurrency) {
            throw new CommandLine.ParameterException(cmd, "--chains (" + chains + ") must not exceed --concurrency ("
                    + concurrency + "): every chain needs a client (or give --rounds)");
        }
        try {
            ChainId.of(rounds != null && warmup > 0 ? namespace + "-warmup" : namespace, "t" + chains);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--namespace " + namespace + ": " + e.getMessage());
        }
        BenchChains layout = rounds == null ? new BenchChains.PerClient(namespace, chains) : new BenchChains.Rounds(namespace, chains);
        return new BenchRun.Plan(total, duration, concurrency, batch, layout, warmup);
    }

    private static void positive(CommandLine cmd, String option, long value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(cmd, option + " must be >= 1, got " + value);
        }
    }

    private BenchTarget target(BenchEventSource source) {
        CommandLine cmd = spec.commandLine();
        if (urls != null && !urls.isEmpty()) {
            if (backend != null || dataDir != null) {
                throw new CommandLine.ParameterException(cmd, "--url measures a running server; do not combine it with --backend or --data-dir");
            }
            for (URI url : urls) {
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                    throw new CommandLine.ParameterException(cmd, "--url must be http(s)://host:port, got " + url);
                }
            }
            return new HttpTarget(urls, token(cmd), source);
        }
        if (token != null || tokenFile != null) {
            throw new CommandLine.ParameterException(cmd, "--token and --token-file need --url");
        }
        String name = backend == null ? "file" : backend;
        if (!name.equals("file") && !name.equals("memory")) {
            throw new CommandLine.ParameterException(cmd, "--backend must be file or memory, got " + name);
        }
        if (name.equals("file") && dataDir == null) {
            throw new CommandLine.ParameterException(cmd, "--backend file needs --data-dir DIR (or use --url or --backend memory)");
        }
        Path home = dataDir != null ? dataDir.toAbsolutePath().normalize() : tempHome();
        return InProcessTarget.open(name, home, source);
    }

    private String token(CommandLine cmd) {
        if ((token == null) == (tokenFile == null)) {
            throw new CommandLine.ParameterException(cmd, "--url needs exactly one of --token or --token-file");
        }
        if (token != null) {
            return token.strip();
        }
        try {
            String t = Files.readString(tokenFile).strip();
            if (t.isEmpty()) {
                throw new CliException("token file " + tokenFile + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new CliException("cannot read token file " + tokenFile + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /** The memory backend still needs a home directory; it holds nothing there. */
    private static Path tempHome() {
        try {
            Path home = Files.createTempDirectory("custody-bench-");
            home.toFile().deleteOnExit();
            return home;
        } catch (IOException e) {
            throw new CliException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> settings(BenchRun.Plan plan) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", plan.events() < 0 ? null : plan.events());
        s.put("duration", duration == null ? null : duration.toString());
        s.put("concurrency", concurrency);
        s.put("batch", batch);
        s.put("chains", chains);
        s.put("rounds", rounds);
        s.put("namespace", namespace);
        s.put("payload_bytes", payloadBytes);
        s.put("warmup", warmup);
        return s;
    }
}
