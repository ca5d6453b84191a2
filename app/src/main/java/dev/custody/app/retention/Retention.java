package dev.custody.app.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.tiering.Tiering;
import dev.custody.domain.chain.ChainAnchors;
import dev.custody.domain.retention.ArchiveRetention;
import dev.custody.domain.retention.ChainArchival;
import dev.custody.domain.retention.RetentionAnchors;
import dev.custody.domain.retention.LegalHolds;
import dev.custody.domain.retention.RetentionListener;
import dev.custody.domain.retention.RetentionRunner;
import dev.custody.domain.retention.RetentionSettings;
import java.time.Clock;

/** The retention runner over the runtime's store, archive, subject data stores and appender. One per runtime. */
public final class Retention {

    private final RetentionRunner runner;
    private final ChainAnchors anchors;
    private final LegalHolds holds;

    Retention(RetentionRunner runner, ChainAnchors anchors, LegalHolds holds) {
        this.runner = runner;
        this.anchors = anchors;
        this.holds = holds;
    }

    /** Builds the runner on {@code runtime} with {@code settings}; {@code listener} hears every completed run. */
    public static Retention on(CustodyRuntime runtime, RetentionSettings settings, RetentionListener listener, Clock clock) {
        requireNonNull(runtime, "runtime is null");
        Tiering tiering = runtime.tiering().orElse(null);
        ChainArchival archival = tiering == null ? null
                : (chain, cutoff) -> tiering.archiveBefore(chain, cutoff, clock.instant()).recordsArchived();
        LegalHolds holds = new LegalHolds(runtime.store(), runtime.appender(), tiering == null ? null : tiering.archive(), clock);
        if (tiering != null) {
            // segments the archive's own schedule writes while a hold stands get the archive's legal hold too
            tiering.addListener(new dev.custody.domain.tiering.ArchivalListener() {
                @Override
                public void archived(dev.custody.domain.tiering.ArchivalReport report) {
                    if (!report.segments().isEmpty()) {
                        holds.protectArchived();
                    }
                }
            });
        }
        RetentionListener afterRun = result -> {
            if (!result.dryRun()) {
                holds.protectArchived();
            }
            listener.completed(result);
        };
        RetentionRunner runner = new RetentionRunner(runtime.store(), runtime.appender(), settings, runtime.config().compliance(),
                archival, tiering == null ? null : new ArchiveRetention(tiering.archive(), tiering.compression()),
                runtime.privacy().stores(), holds, afterRun, clock);
        return new Retention(runner, new RetentionAnchors(runtime.store()), holds);
    }

    public RetentionRunner runner() {
        return runner;
    }

    /** The legal holds retention and erasure respect. */
    public LegalHolds holds() {
        return holds;
    }

    /** What verification links the oldest retained record of a shortened chain to. */
    public ChainAnchors anchors() {
        return anchors;
    }
}
