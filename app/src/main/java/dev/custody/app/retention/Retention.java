package dev.custody.app.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.tiering.Tiering;
import dev.custody.domain.chain.ChainAnchors;
import dev.custody.domain.retention.ChainArchival;
import dev.custody.domain.retention.RetentionAnchors;
import dev.custody.domain.retention.RetentionHolds;
import dev.custody.domain.retention.RetentionListener;
import dev.custody.domain.retention.RetentionRunner;
import dev.custody.domain.retention.RetentionSettings;
import java.time.Clock;

/** The retention runner over the runtime's store, archive, subject data stores and appender. One per runtime. */
public final class Retention {

    private final RetentionRunner runner;
    private final ChainAnchors anchors;

    Retention(RetentionRunner runner, ChainAnchors anchors) {
        this.runner = runner;
        this.anchors = anchors;
    }

    /** Builds the runner on {@code runtime} with {@code settings}; {@code listener} hears every completed run. */
    public static Retention on(CustodyRuntime runtime, RetentionSettings settings, RetentionListener listener, Clock clock) {
        requireNonNull(runtime, "runtime is null");
        Tiering tiering = runtime.tiering().orElse(null);
        ChainArchival archival = tiering == null ? null
                : (chain, cutoff) -> tiering.archiveBefore(chain, cutoff, clock.instant()).recordsArchived();
        RetentionRunner runner = new RetentionRunner(runtime.store(), runtime.appender(), settings, runtime.config().compliance(),
                archival, runtime.privacy().stores(), RetentionHolds.NONE, listener, clock);
        return new Retention(runner, new RetentionAnchors(runtime.store()));
    }

    public RetentionRunner runner() {
        return runner;
    }

    /** What verification links the oldest retained record of a shortened chain to. */
    public ChainAnchors anchors() {
        return anchors;
    }
}
