package dev.custody.app.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command, {@code custody}. Without a subcommand it serves. Exit codes: 0 success, 1 a verification
 * found a broken chain (or a benchmark request failed), 2 usage, configuration or I/O error.
 */
@Command(name = "custody", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "custody 0.1.0",
        description = "Compliance audit storage: tamper-evident hash chains. Without a command, runs 'serve'.",
        subcommands = {ServeCommand.class, VerifyCommand.class, ExportCommand.class, KeysCommand.class, GdprCommand.class,
                DbCommand.class, ArchiveCommand.class, RetentionCommand.class,
                dev.custody.app.cli.bench.BenchCommand.class})
public final class CustodyCommand {

    private CustodyCommand() {
    }

    /** Runs the command line on the process's stdin, stdout and stderr (UTF-8) and returns the exit code. */
    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try {
            return run(args, out, err, () -> System.in);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs the command line with the given streams; for tests and embedding. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<InputStream> stdin) {
        return commandLine(out, err, stdin).execute(args.length == 0 ? new String[] {"serve"} : args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Supplier<InputStream> stdin) {
        CommandLine cmd = new CommandLine(new CustodyCommand());
        cmd.addSubcommand(new VerifyExportCommand(stdin));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(CustodyCommand::usageError);
        cmd.setExecutionExceptionHandler((e, c, parsed) -> failure(e, c));
        return cmd;
    }

    /** Picocli's one-line message, suggestions for a mistyped name, and where to find help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        err.println("custody: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return CliException.USAGE;
    }

    private static int failure(Exception e, CommandLine c) {
        PrintWriter err = c.getErr();
        CliException cli = e instanceof CliException ce ? ce : StartupFailures.toCli("failed", e);
        err.println("custody: " + StartupFailures.oneLine(cli.getMessage()));
        err.flush();
        return cli.exitCode();
    }
}
