package dev.custody.ports;

import static java.util.Objects.requireNonNull;

/**
 * What a conditional append answered. A moved tip is an expected outcome of concurrent writers,
 * so it is a value, not an exception.
 */
public sealed interface AppendResult {

    /** The whole batch is durable; {@code tip} is the chain's new tip. */
    record Appended(ChainTip tip) implements AppendResult {
        public Appended {
            requireNonNull(tip, "tip is null");
        }
    }

    /** Nothing was written: the chain's tip was {@code actual}, not the one expected. */
    record Conflict(ChainTip actual) implements AppendResult {
        public Conflict {
            requireNonNull(actual, "actual is null");
        }
    }
}
