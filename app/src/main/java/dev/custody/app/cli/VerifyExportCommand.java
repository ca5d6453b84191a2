package dev.custody.app.cli;

import dev.custody.app.api.VerificationBody;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code custody verify-export}: verifies an NDJSON export without configuration, store or server. A file that does
 * not start at the chain's start (seq 1, linked to {@code genesis}) is {@code partial} unless a range was intended.
 */
@Command(name = "verify-export", sortOptions = false,
        description = {"Verify an NDJSON export file offline (no configuration, store or server).",
                "FILE holds one stored record a line, in seq order. Prints the JSON of 'verify' plus \"partial\":",
                "true when the file does not start at seq 1 (prev_hash genesis), so records before it may have been cut off."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the export is intact (and starts at genesis, or --allow-partial)",
                "1:the export is broken (first_broken_at names the record)", "2:usage or I/O error",
                "3:partial: intact, but it does not start at genesis (a range, or a head-cut file)"})
final class VerifyExportCommand implements Callable<Integer> {

    /** Exit code of an intact export that does not hold the chain from its start. */
    static final int PARTIAL = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export, or '-' for stdin.")
    String file;

    @Option(names = "--allow-partial",
            description = "The file is an intended seq range (an export with from_seq/to_seq, or a chain shortened by retention):"
                    + " check its records and links only, and exit 0 when they hold.")
    boolean allowPartial;

    @Spec
    CommandSpec spec;

    private final Supplier<InputStream> stdin;

    VerifyExportCommand(Supplier<InputStream> stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        Verification v;
        try (BufferedReader reader = open()) {
            v = new ChainVerifier().verifyExport(reader.lines().iterator());
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied");
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            String why = cause instanceof CharacterCodingException ? "not valid UTF-8 text"
                    : StartupFailures.rootMessage(e);
            throw new CliException("cannot read " + file + ": " + why, e);
        }
        boolean partial = v instanceof Verification.Valid ok && !ChainVerifier.startsAtGenesis(ok);
        Map<String, Object> body = VerificationBody.of(v);
        body.put("partial", partial);
        if (partial && !allowPartial) {
            body.put("valid", false);   // not proven to be the whole chain: a check on "valid" alone must not pass it
            body.put("reason", partialReason((Verification.Valid) v));
        }
        spec.commandLine().getOut().println(ArchiveCommand.json(body));
        spec.commandLine().getOut().flush();
        return partial && !allowPartial ? PARTIAL : VerificationJson.exitCode(v);
    }

    private static String partialReason(Verification.Valid v) {
        if (v.recordsChecked() == 0) {
            return "partial: the file holds no record; pass --allow-partial if that was intended";
        }
        return "partial: the file starts at seq " + (v.lastSeq() - v.recordsChecked() + 1) + ", not at seq 1 (prev_hash genesis),"
                + " so records before it may have been cut off; its " + v.recordsChecked() + " records are intact and linked."
                + " Pass --allow-partial if a range was intended";
    }

    /** Strict UTF-8: a malformed byte is an I/O error, never silently replaced. */
    private BufferedReader open() throws IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(stdin.get(), StandardCharsets.UTF_8.newDecoder()), 1 << 16);
        }
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new IOException("is a directory");
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }
}
