package dev.custody.app.cli;

import io.micronaut.runtime.Micronaut;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command. Subcommands arrive in this package; without one it serves. */
@Command(name = "custody", mixinStandardHelpOptions = true, version = "custody 0.1.0",
        description = "Compliance audit storage: tamper-evident hash chains.")
public final class CustodyCommand implements java.util.concurrent.Callable<Integer> {

    /** Runs the command line and returns the exit code. */
    public static int run(String[] args) {
        return new CommandLine(new CustodyCommand()).execute(args);
    }

    @Override
    public Integer call() {
        Micronaut.run(CustodyCommand.class);
        return 0;
    }
}
