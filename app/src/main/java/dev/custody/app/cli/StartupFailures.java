package dev.custody.app.cli;

import java.util.HashSet;
import java.util.Set;

/** Turns an exception thrown while starting Custody into the one line a user should see. */
final class StartupFailures {

    private StartupFailures() {
    }

    /**
     * The message of the first configuration error in the cause chain (ours from the SPI, or Micronaut's), or
     * null when the failure is not a configuration error.
     */
    static String configurationMessage(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof dev.custody.ports.spi.ConfigurationException
                    || t instanceof io.micronaut.context.exceptions.ConfigurationException) {
                return oneLine(t.getMessage());
            }
        }
        return null;
    }

    /** The deepest message in the chain, for failures that are not configuration errors. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return oneLine(m == null ? root.getClass().getSimpleName() : m);
    }

    /** Collapses a multi-line message (YAML parsers write several) into one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The exception as a {@link CliException}: configuration errors by their message, others by the root cause. */
    static CliException toCli(String doing, Throwable failure) {
        if (failure instanceof CliException c) {
            return c;
        }
        String config = configurationMessage(failure);
        return new CliException(config != null ? config : doing + ": " + rootMessage(failure), failure);
    }
}
