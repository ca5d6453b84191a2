package dev.custody.app.cli;

import dev.custody.app.access.AccessLog;
import dev.custody.app.access.AccessRecord;
import dev.custody.app.retention.Retention;
import dev.custody.app.tiering.Tiering;
import dev.custody.domain.tiering.ArchiveDamagedException;
import dev.custody.domain.tiering.ChainExport;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code custody export}: one chain (or a seq range) as NDJSON across the cold archive and the system of record,
 * each line exactly as stored and hashed, streamed.
 */
@Command(name = "export", sortOptions = false,
        description = {"Export one chain as NDJSON, each line exactly as stored and hashed.",
                "Records come in seq order, archived segments (when a cold archive is configured) then the system of record,",
                "streamed one segment at a time. Check the output anywhere with 'custody verify-export'.",
                "The read is recorded on the access chain custody.access/<tenant> (actor cli, the OS user)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported", "2:usage, configuration or I/O error, no such chain, or an archived segment does not check"})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ChainOptions chainOptions;

    @Option(names = "--from-seq", paramLabel = "A", description = "First seq to export (default 1).")
    Long fromSeq;

    @Option(names = "--to-seq", paramLabel = "B", description = "Last seq to export (default: the tip).")
    Long toSeq;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (replaced only once the export is complete) instead of stdout.")
    Path output;

    @Mixin
    AccessOptions access;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        ChainId chain = chainOptions.chain(cmd);
        long from = fromSeq == null ? 1 : fromSeq;
        long to = toSeq == null ? Long.MAX_VALUE : toSeq;
        if (from < 1) {
            throw new CommandLine.ParameterException(cmd, "--from-seq must be >= 1, got " + from);
        }
        if (to < from) {
            throw new CommandLine.ParameterException(cmd, "--to-seq must be >= --from-seq, got " + from + ".." + to);
        }
        access.check(cmd);
        Map<String, Object> filters = new LinkedHashMap<>();
        if (fromSeq != null) {
            filters.put("from_seq", fromSeq);
        }
        if (toSeq != null) {
            filters.put("to_seq", toSeq);
        }
        filters.put("output", output == null ? "stdout" : "file");
        try (OfflineContext context = OfflineContext.startReadOnly(config)) {
            AccessLog log = context.runtime().access();
            AuditStore store = context.runtime().store();
            if (store.tip(chain).isGenesis()) {
                // nothing was read: no access record for a chain that does not exist
                throw new CliException("no such chain " + chain + " in the "
                        + context.runtime().config().primary().backend() + " store");
            }
            ChainExport export = context.runtime().tiering().map(Tiering::export).orElseGet(ChainExport::systemOfRecordOnly);
            Counted counted = null;
            try (Stream<String> lines = export.lines(store, chain, from, to, context.bean(Retention.class).anchors())) {
                counted = new Counted(lines.iterator());
                Counted c = counted;
                Runnable complete = () -> {
                    access.record(log, "cli.export", chain, filters, c.count, AccessRecord.Outcome.GRANTED, null);
                    c.recorded = true;
                };
                if (output == null) {
                    toStdout(counted, cmd.getOut());
                    complete.run();
                } else {
                    toFile(counted, output, complete);
                }
            } catch (RuntimeException e) {
                if (counted != null && !counted.recorded) {
                    try {
                        access.record(log, "cli.export", chain, filters, counted.count, AccessRecord.Outcome.INCOMPLETE,
                                StartupFailures.rootMessage(e));
                    } catch (CliException lost) {
                        e.addSuppressed(lost);
                    }
                }
                if (e instanceof ArchiveDamagedException d) {
                    throw new CliException("cannot export " + chain + ": " + d.getMessage(), d);
                }
                throw e;
            }
        }
        return 0;
    }

    /** The lines exported so far; {@code recorded} once the export's access record is written. */
    private static final class Counted implements Iterator<String> {
        private final Iterator<String> lines;
        long count;
        boolean recorded;

        Counted(Iterator<String> lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            return lines.hasNext();
        }

        @Override
        public String next() {
            count++;
            return lines.next();
        }
    }

    private static void toStdout(Iterator<String> lines, PrintWriter out) {
        Writer w = new BufferedWriter(out, 1 << 16);
        try {
            write(lines, w);
            w.flush();
        } catch (IOException e) {
            throw new CliException("cannot write the export to stdout: " + e.getMessage(), e);
        }
        if (out.checkError()) {
            throw new CliException("cannot write the export to stdout (closed pipe or full disk)");
        }
    }

    /**
     * Writes beside {@code file} (owner-only, like every file Custody writes: an export holds the stored records) and
     * moves into place, so an interrupted export never looks complete.
     */
    private static void toFile(Iterator<String> lines, Path file, Runnable complete) {
        Path target = file.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            try (Writer w = new BufferedWriter(Channels.newWriter(PrivateFiles.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), StandardCharsets.UTF_8))) {
                write(lines, w);
            }
            complete.run();   // recorded before the file is in place: no complete export without its access record
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            String why = cause instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : cause instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : StartupFailures.rootMessage(e);
            throw new CliException("cannot write the export to " + file + ": " + why, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void write(Iterator<String> lines, Writer w) throws IOException {
        while (lines.hasNext()) {
            w.write(lines.next());
            w.write('\n');
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the original failure is what the user needs to see
        }
    }
}
