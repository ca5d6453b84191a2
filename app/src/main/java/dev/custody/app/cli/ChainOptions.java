package dev.custody.app.cli;

import dev.custody.ports.ChainId;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --namespace N --tenant T}: the chain an offline command works on. */
final class ChainOptions {

    @Option(names = "--namespace", required = true, paramLabel = "N", description = "Namespace of the chain.")
    String namespace;

    @Option(names = "--tenant", required = true, paramLabel = "T", description = "Tenant of the chain.")
    String tenant;

    /** @throws CommandLine.ParameterException (exit 2) when a name is not a valid chain name */
    ChainId chain(CommandLine cmd) {
        try {
            return ChainId.of(namespace, tenant);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "Invalid chain: " + e.getMessage());
        }
    }
}
