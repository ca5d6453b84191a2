package dev.custody.app.cli;

import dev.custody.app.access.AccessLog;
import dev.custody.app.access.AccessRecord;
import dev.custody.app.retention.Retention;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.tiering.TieredVerification;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainUnreadableException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody verify}: verifies one chain in the configured store, offline. */
@Command(name = "verify", sortOptions = false,
        description = {"Verify one chain in the configured store, offline.",
                "The service must not be running on the same data directory (the file store has one owner).",
                "Prints {valid, records_checked, first_broken_at, first_record_id, last_record_id, reason}; with a cold",
                "archive configured, a whole chain is checked across the archived segments and the warm rows, plus tiers{...}.",
                "The read is recorded on the access chain custody.access/<tenant> (actor cli, the OS user)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the chain (or range) is intact", "1:the chain is broken (first_broken_at names the record)",
                "2:usage, configuration or I/O error, or no such chain"})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ChainOptions chainOptions;

    @Option(names = "--from-seq", paramLabel = "A", description = "First seq to verify (default 1).")
    Long fromSeq;

    @Option(names = "--to-seq", paramLabel = "B", description = "Last seq to verify (default: the tip).")
    Long toSeq;

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
        try (OfflineContext context = OfflineContext.startReadOnly(config)) {
            AuditStore store = context.runtime().store();
            AccessLog log = context.runtime().access();
            if (!context.runtime().chainExists(chain, context.bean(Retention.class).anchors())) {
                // nothing was read: no access record for a chain that does not exist
                throw new CliException("no such chain " + chain + " in the "
                        + context.runtime().config().primary().backend() + " store");
            }
            PrintWriter out = cmd.getOut();
            if (context.runtime().tiering().isPresent() && from == 1 && to == Long.MAX_VALUE) {
                TieredVerification tv = context.runtime().tiering().get().verifier().verify(store, chain,
                        context.bean(Retention.class).anchors());
                access.record(log, "cli.verify", chain, filters, tv.verification().recordsChecked(),
                        AccessRecord.Outcome.GRANTED, null);
                out.println(ArchiveCommand.json(dev.custody.app.api.VerificationBody.of(tv)));
                out.flush();
                return VerificationJson.exitCode(tv.verification());
            }
            Verification v = from == 1 && to == Long.MAX_VALUE
                    ? context.runtime().verifier().verify(store, chain, context.bean(Retention.class).anchors())
                    : context.runtime().verifier().verify(store, chain, from, to);
            access.record(log, "cli.verify", chain, filters, v.recordsChecked(), AccessRecord.Outcome.GRANTED, null);
            out.println(VerificationJson.of(v));
            out.flush();
            return VerificationJson.exitCode(v);
        }
    }
}
