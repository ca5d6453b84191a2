package dev.custody.app.cli;

import dev.custody.app.retention.Retention;
import dev.custody.app.retention.RetentionJson;
import dev.custody.domain.compliance.ComplianceViolationException;
import dev.custody.domain.retention.RetentionResult;
import dev.custody.domain.tiering.ArchivalException;
import dev.custody.ports.Ref;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody retention run [--dry-run]}: one retention run, offline, as the service's schedule runs it. */
@Command(name = "retention", description = "Retention: archive what is due and delete what has expired (offline).",
        subcommands = RetentionCommand.Run.class)
final class RetentionCommand {

    private RetentionCommand() {
    }

    @Command(name = "run", sortOptions = false,
            description = {"Run custody.retention once: archive what is due, delete the expired prefix of each chain in batches,",
                    "delete inactive subject data, append one retention record. Prints the result as one JSON line."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done (possibly nothing was due)",
                    "2:configuration error, COMPLIANCE_VIOLATION (immutable audit and records expired), or archival failed"})
    static final class Run implements Callable<Integer> {

        @Option(names = "--dry-run", description = "Change nothing; print what a run would archive and delete.")
        boolean dryRun;

        @Mixin
        ConfigOptions config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (OfflineContext context = OfflineContext.start(config)) {
                Retention retention = context.bean(Retention.class);
                RetentionResult r;
                try {
                    r = retention.runner().run(dryRun, new Ref("cli", System.getProperty("user.name", "unknown")));
                } catch (ComplianceViolationException e) {
                    throw new CliException("COMPLIANCE_VIOLATION: " + e.getMessage() + "; nothing was deleted", e);
                } catch (ArchivalException e) {
                    throw new CliException("archival failed: " + e.getMessage(), e);
                }
                spec.commandLine().getOut().println(ArchiveCommand.json(RetentionJson.of(r)));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
