package dev.custody.app.cli;

import dev.custody.app.access.AccessLog;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.AccessRecord;
import dev.custody.ports.ChainId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --purpose TEXT}: why an offline read is made. Offline reads are recorded like the service's, on the
 * access chain of the tenant read, naming the OS user as actor {@code cli}; the record is durable before the
 * command reports success.
 */
final class AccessOptions {

    @Option(names = "--purpose", paramLabel = "TEXT",
            description = "Why this read is made (1 to 200 printable characters); recorded on the access chain custody.access/<tenant>.")
    String purpose;

    /** @throws CommandLine.ParameterException (exit 2) when the purpose is malformed */
    void check(CommandLine cmd) {
        if (purpose != null) {
            String problem = AccessPurpose.problem(purpose);
            if (problem != null) {
                throw new CommandLine.ParameterException(cmd, "--purpose " + problem);
            }
        }
    }

    /**
     * Records the read durably.
     *
     * @throws CliException when the access record cannot be written
     */
    void record(AccessLog log, String operation, ChainId chain, Map<String, Object> filters, long records,
            AccessRecord.Outcome outcome, String reason) {
        String user = System.getProperty("user.name", "");
        try {
            log.recordNow(new AccessRecord(operation, "cli", user, List.of("cli"), chain, filters, records, outcome,
                    purpose, reason));
        } catch (RuntimeException e) {
            throw new CliException("cannot record this read on the access chain " + AccessLog.chainOf(chain) + ": "
                    + StartupFailures.rootMessage(e), e);
        }
    }
}
