package dev.custody.app.cli;

import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody export}: one chain as NDJSON, each line exactly as stored and hashed, streamed. */
@Command(name = "export", sortOptions = false,
        description = {"Export one chain as NDJSON, each line exactly as stored and hashed.",
                "Records come in seq order and are streamed. Check the output anywhere with 'custody verify-export'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported", "2:usage, configuration or I/O error, or no such chain"})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ChainOptions chainOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (replaced only once the export is complete) instead of stdout.")
    Path output;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        ChainId chain = chainOptions.chain(cmd);
        try (OfflineContext context = OfflineContext.start(config)) {
            AuditStore store = context.runtime().store();
            if (store.tip(chain).isGenesis()) {
                throw new CliException("no such chain " + chain + " in the "
                        + context.runtime().config().primary().backend() + " store");
            }
            try (Stream<String> lines = store.streamJson(chain, 1, Long.MAX_VALUE)) {
                if (output == null) {
                    toStdout(lines.iterator(), cmd.getOut());
                } else {
                    toFile(lines.iterator(), output);
                }
            }
        }
        return 0;
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

    /** Writes beside {@code file} and moves into place, so an interrupted export never looks complete. */
    private static void toFile(Iterator<String> lines, Path file) {
        Path target = file.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(lines, w);
            }
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
