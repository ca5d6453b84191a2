package dev.custody.app.outage;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.tiering.ArchiveDamagedException;
import dev.custody.ports.ArchiveStoreException;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainUnreadableException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store failures of this process: which failures are outages ({@link #isStoreFailure}), how many of each
 * ({@link StoreFailureListener}, the metric), and the outage they make ({@link #current}): it lasts while failures
 * follow each other less than {@link #window()} apart and ends by itself once none has come for that long
 * (ADR 0130). Thread-safe.
 */
public final class StoreFailures {

    /** How long a failure keeps the outage on when nothing configures it ({@code custody.health.store-failure-window}). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private final Clock clock;
    private final long windowNanos;
    private final Duration window;
    private volatile StoreFailureListener listener = StoreFailureListener.NONE;
    private Outage outage;
    private long lastNanos;

    /**
     * One failure.
     *
     * @param error the failure's message: it may name files, so it goes to the log and to administrators only
     */
    public record Failure(StoreOperation operation, FailureCause cause, String error, Instant at) {
    }

    /** An outage: since when, its latest failure, how many failures it has had, and the operations that failed. */
    public record Outage(Instant since, Failure last, long failures, Set<StoreOperation> operations) {
        public Outage {
            operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
        }

        Outage then(Failure f) {
            Set<StoreOperation> ops = EnumSet.copyOf(operations);
            ops.add(f.operation());
            return new Outage(since, f, failures + 1, ops);
        }
    }

    /** @param window how long after its last failure an outage ends */
    public StoreFailures(Clock clock, Duration window) {
        this.clock = requireNonNull(clock, "clock is null");
        this.window = requireNonNull(window, "window is null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the store failure window must be positive, got " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /** How long after its last failure an outage ends. */
    public Duration window() {
        return window;
    }

    /** Sends every failure to {@code l} from now on (the metric). */
    public void listen(StoreFailureListener l) {
        this.listener = requireNonNull(l, "listener is null");
    }

    /**
     * Whether {@code failure} is a store failure, to be answered {@code 503 STORE_UNAVAILABLE} (ADR 0129): anything
     * the system of record throws but a record it cannot read ({@link ChainUnreadableException}), a failure of the cold
     * archive's service, an {@link UncheckedIOException}, and anything caused by a file system failure or naming an
     * exhausted resource. Data damage (an unreadable record, a damaged archive) and the caller's mistakes are not.
     */
    public static boolean isStoreFailure(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ChainUnreadableException || t instanceof ArchiveDamagedException) {
            return false;
        }
        return t instanceof AuditStoreException || t instanceof ArchiveStoreException || t instanceof UncheckedIOException
                || FailureCause.fileSystem(t);
    }

    /**
     * Records that {@code operation} of the system of record failed with {@code failure}.
     *
     * @return what to throw instead: the failure as an outage
     */
    StoreFailedException failed(StoreOperation operation, RuntimeException failure) {
        if (failure instanceof StoreFailedException counted) {
            return counted;   // a wrapped store reported it already
        }
        FailureCause cause = FailureCause.of(failure);
        record(operation, cause, failure);
        return new StoreFailedException(operation, cause, failure);
    }

    /**
     * Records {@code failure}, met while answering a request, unless it is not a store failure or was recorded where it
     * happened. Local storage and the cold archive fail outside the system of record; they are counted here.
     */
    public void answered(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StoreFailedException || !isStoreFailure(t)) {
            return;
        }
        StoreOperation operation = t instanceof ArchiveStoreException ? StoreOperation.ARCHIVE
                : t instanceof AuditStoreException ? StoreOperation.OTHER : StoreOperation.LOCAL;
        record(operation, FailureCause.of(t), t);
    }

    /** The outage now, if a failure came less than {@link #window()} ago. Failures of the cold archive make none. */
    public Optional<Outage> current() {
        synchronized (this) {
            return outage != null && System.nanoTime() - lastNanos < windowNanos ? Optional.of(outage) : Optional.empty();
        }
    }

    private void record(StoreOperation operation, FailureCause cause, Throwable failure) {
        listener.failed(operation, cause);
        if (operation == StoreOperation.ARCHIVE) {
            return;   // the archive is not needed to take or read what the system of record holds (docs/operations.md)
        }
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Failure f = new Failure(operation, cause, error, clock.instant());
        boolean began;
        synchronized (this) {
            long now = System.nanoTime();
            began = outage == null || now - lastNanos >= windowNanos;
            outage = began ? new Outage(f.at(), f, 1, EnumSet.of(operation)) : outage.then(f);
            lastNanos = now;
        }
        if (began) {
            LOG.warn("Store failure ({}: {}) on {}: {}. Requests that need the store answer 503 (appends spool where the "
                    + "spool is on) until no failure has come for {}", cause.label(), cause.description(), operation.label(),
                    error, window);
        } else {
            LOG.debug("Store failure ({}) on {}: {}", cause.label(), operation.label(), error);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
