package dev.custody.app.cli;

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
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code custody verify-export}: verifies an NDJSON export without configuration, store or server. */
@Command(name = "verify-export",
        description = {"Verify an NDJSON export file offline (no configuration, store or server).",
                "FILE holds one stored record a line, in seq order. Prints the same JSON as 'verify'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the export is intact", "1:the export is broken (first_broken_at names the record)",
                "2:usage or I/O error"})
final class VerifyExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The export, or '-' for stdin.")
    String file;

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
        spec.commandLine().getOut().println(VerificationJson.of(v));
        spec.commandLine().getOut().flush();
        return VerificationJson.exitCode(v);
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
