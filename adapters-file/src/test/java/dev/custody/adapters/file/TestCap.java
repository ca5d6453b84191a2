package dev.custody.adapters.file;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The number of chains the crash, recovery and purge tests let a store hold open: the default, or the
 * {@code custody.test.max-open-chains} system property. The build runs those tests (and the contract kit) a second
 * time with 2, so that what they prove also holds while chains are closed and recovered again under them.
 */
final class TestCap {

    static final int MAX_OPEN_CHAINS = Integer.getInteger("custody.test.max-open-chains",
            FileAuditStore.DEFAULT_MAX_OPEN_CHAINS);

    private TestCap() {
    }

    /** A plain store in {@code dir} holding at most {@link #MAX_OPEN_CHAINS} chains open. */
    static FileAuditStore open(Path dir) {
        return FileAuditStore.open(dir, Clock.systemUTC(), LineCodec.PLAIN, MAX_OPEN_CHAINS);
    }
}
