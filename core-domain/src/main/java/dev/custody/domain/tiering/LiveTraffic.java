package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AppendListener;
import dev.custody.ports.ChainId;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the service is appending: told of every batch the chain appender makes durable (it is the appender's
 * listener, in front of the metrics), it remembers when the last one completed. {@link ArchivalPace} asks it
 * before each piece of archival work. Thread-safe; the append path pays one volatile write per batch.
 */
public final class LiveTraffic implements AppendListener {

    private final AppendListener next;
    private final LongSupplier nanoTime;
    private volatile long lastAppend;
    private volatile boolean seen;

    /**
     * @param next the listener every call is passed on to (metrics, sinks)
     * @param nanoTime the monotonic clock ({@code System::nanoTime}; tests pass their own)
     */
    public LiveTraffic(AppendListener next, LongSupplier nanoTime) {
        this.next = requireNonNull(next, "next is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** A signal fed by nothing: never any traffic (offline commands). */
    public static LiveTraffic none() {
        return new LiveTraffic(AppendListener.NONE, System::nanoTime);
    }

    /** Whether a batch was made durable within the last {@code window}. */
    public boolean seenWithin(Duration window) {
        return seen && nanoTime.getAsLong() - lastAppend <= window.toNanos();
    }

    @Override
    public void batchAppended(ChainId chain, int events, long nanos) {
        lastAppend = nanoTime.getAsLong();
        seen = true;
        next.batchAppended(chain, events, nanos);
    }

    @Override
    public void conflict(ChainId chain, int attempt) {
        lastAppend = nanoTime.getAsLong();
        seen = true;
        next.conflict(chain, attempt);
    }

    @Override
    public void failed(ChainId chain, int events, Throwable error) {
        next.failed(chain, events, error);
    }
}
