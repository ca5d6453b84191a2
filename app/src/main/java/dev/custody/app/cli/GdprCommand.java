package dev.custody.app.cli;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.json.Jcs;
import dev.custody.domain.privacy.ErasureOutcome;
import dev.custody.domain.privacy.ErasureRequest;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody gdpr erase}: GDPR Art. 17 erasure, offline. */
@Command(name = "gdpr", description = "GDPR operations (offline: the service must be stopped).",
        subcommands = {GdprCommand.Erase.class})
final class GdprCommand {

    @Command(name = "erase", description = {"Erase a data subject: delete its data in every subject data store, destroy "
            + "its keysets (crypto-shredding its personal fields) and append a gdpr_erasure record to each chain that held "
            + "its records.", "Prints the erasure result as one JSON object; erasing again prints the earlier result."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:erased (now or before)", "2:usage, configuration or I/O error", "3:unknown subject"})
    static final class Erase implements Callable<Integer> {
        static final int UNKNOWN_SUBJECT = 3;

        @Mixin
        ConfigOptions config;

        @Option(names = "--subject-id", required = true, paramLabel = "ID", description = "The subject's id as sent in events.")
        String subjectId;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (default: " + ErasureRequest.DEFAULT_REASON + ").")
        String reason;

        @Option(names = "--requested-by", paramLabel = "WHO", description = "Who asks: an operator or ticket, never the "
                + "subject (default: $USER).")
        String requestedBy;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String who = requestedBy != null ? requestedBy : Optional.ofNullable(System.getenv("USER")).orElse("unknown");
            ErasureRequest request;
            try {
                request = new ErasureRequest(subjectId, reason, who);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (OfflineContext context = OfflineContext.start(config)) {
                CustodyRuntime runtime = context.runtime();
                if (!runtime.privacy().enabled()) {
                    throw new CliException("personal-data protection is off (custody.personal-data): subject ids are stored "
                            + "as sent and nothing can be crypto-shredded");
                }
                var holds = context.bean(dev.custody.app.retention.Retention.class).holds();
                var hold = holds.onSubject(runtime.privacy().erasure().subjectKey(subjectId));
                if (hold.isPresent()) {
                    holds.erasureRefused(hold.get(), new dev.custody.ports.Ref("cli", who));
                    throw new CliException("SUBJECT_ON_HOLD: the subject is under legal hold " + hold.get().id() + " (case "
                            + hold.get().caseId() + "); nothing was erased. Release the hold first");
                }
                ErasureOutcome outcome = runtime.privacy().erasure().erase(request);
                if (outcome instanceof ErasureOutcome.Erased erased) {
                    spec.commandLine().getOut().println(Jcs.canonicalize(erased.result()));
                    spec.commandLine().getOut().flush();
                    return 0;
                }
                spec.commandLine().getErr().println("custody: unknown subject: Custody holds no data of this subject and has "
                        + "not erased it");
                spec.commandLine().getErr().flush();
                return UNKNOWN_SUBJECT;
            }
        }
    }
}
