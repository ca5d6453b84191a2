package dev.custody.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.tiering.Tiering;
import dev.custody.domain.tiering.ArchivalException;
import dev.custody.domain.tiering.ArchivalReport;
import dev.custody.domain.tiering.RestoreReport;
import dev.custody.ports.ChainId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody archive run|restore}: move due ranges to the cold archive, or bring a range back. */
@Command(name = "archive", description = "Cold archive: archive due records now, or restore an archived range (offline).",
        subcommands = {ArchiveCommand.Run.class, ArchiveCommand.Restore.class})
final class ArchiveCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveCommand() {
    }

    static Tiering tiering(OfflineContext context) {
        return context.runtime().tiering().orElseThrow(() -> new CliException(
                "no cold archive is configured (set custody.archive.provider to s3 or gcs)"));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "run", sortOptions = false,
            description = {"Archive every record older than custody.archive.archive-after, as the service's schedule does.",
                    "Prints one JSON line per chain: {namespace, tenant, segments, records_archived, warm_removed, archived_through, note}."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done (possibly nothing was due)", "2:configuration error, or archival failed after its retries"})
    static final class Run implements Callable<Integer> {

        @Option(names = "--namespace", paramLabel = "N", description = "Only this namespace (with --tenant: only that chain).")
        String namespace;

        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant (needs --namespace).")
        String tenant;

        @Mixin
        ConfigOptions config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            if (tenant != null && namespace == null) {
                throw new CommandLine.ParameterException(cmd, "--tenant needs --namespace");
            }
            if ((namespace != null && !ChainId.isValidName(namespace)) || (tenant != null && !ChainId.isValidName(tenant))) {
                throw new CommandLine.ParameterException(cmd, "--namespace and --tenant must match " + ChainId.NAME_PATTERN.pattern());
            }
            try (OfflineContext context = OfflineContext.start(config)) {
                Tiering tiering = tiering(context);
                List<ChainId> chains = new ArrayList<>();
                for (ChainId c : context.runtime().store().chains()) {
                    if ((namespace == null || c.namespace().equals(namespace)) && (tenant == null || c.tenant().equals(tenant))) {
                        chains.add(c);
                    }
                }
                if (tenant != null && chains.isEmpty()) {
                    throw new CliException("no such chain " + namespace + "/" + tenant + " in the system of record");
                }
                List<ArchivalReport> reports;
                try {
                    reports = tiering.runner().run(chains);
                } catch (ArchivalException e) {
                    throw new CliException("archival failed: " + e.getMessage(), e);
                }
                PrintWriter out = cmd.getOut();
                for (ArchivalReport r : reports) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("namespace", r.chain().namespace());
                    m.put("tenant", r.chain().tenant());
                    m.put("segments", r.segments());
                    m.put("records_archived", r.recordsArchived());
                    m.put("warm_removed", r.warmRemoved());
                    m.put("archived_through", r.archivedThrough());
                    m.put("note", r.note());
                    out.println(json(m));
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "restore", sortOptions = false,
            description = {"Bring archived records --from-seq..--to-seq back for querying, checked against their manifests.",
                    "Prints {namespace, tenant, from_seq, to_seq, segments, records_restored, records_added}."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:restored", "2:usage or configuration error, nothing archived in the range, or a segment did not check"})
    static final class Restore implements Callable<Integer> {

        @Mixin
        ChainOptions chainOptions;

        @Option(names = "--from-seq", required = true, paramLabel = "A", description = "First seq to restore.")
        long fromSeq;

        @Option(names = "--to-seq", required = true, paramLabel = "B", description = "Last seq to restore.")
        long toSeq;

        @Mixin
        ConfigOptions config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            ChainId chain = chainOptions.chain(cmd);
            if (fromSeq < 1 || toSeq < fromSeq) {
                throw new CommandLine.ParameterException(cmd, "need 1 <= --from-seq <= --to-seq, got " + fromSeq + ".." + toSeq);
            }
            try (OfflineContext context = OfflineContext.start(config)) {
                RestoreReport r;
                try {
                    r = tiering(context).restorer().restore(chain, fromSeq, toSeq, "cli:" + System.getProperty("user.name", "unknown"));
                } catch (ArchivalException e) {
                    throw new CliException("restore failed: " + e.getMessage(), e);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("namespace", chain.namespace());
                m.put("tenant", chain.tenant());
                m.put("from_seq", r.fromSeq());
                m.put("to_seq", r.toSeq());
                m.put("segments", r.segments());
                m.put("records_restored", r.recordsRestored());
                m.put("records_added", r.recordsAdded());
                cmd.getOut().println(json(m));
                cmd.getOut().flush();
                return 0;
            }
        }
    }
}
