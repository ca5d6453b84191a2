package dev.custody.tck.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The base of the archive contracts: opens the store under test before each test and closes it after, gives
 * every test its own key prefix (so a shared bucket needs no cleanup), and proves the store declares exactly
 * the capabilities its test says it has. Capabilities default to supported; list the missing ones in
 * {@link #unsupported()}, and each contract then asserts they fail with {@link UnsupportedOperationException}
 * instead of skipping.
 */
public abstract class ArchiveContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The store under test, open during each test. */
    protected ArchiveStore archive;

    /** This test's key prefix: {@code tck-} + 8 hex digits + {@code /}. */
    protected String prefix;

    /** Opens the store under test (a fresh client over the same bucket each time). */
    protected abstract ArchiveStore openArchive();

    /** The capabilities the store lacks; none unless overridden. */
    protected Set<ArchiveCapability> unsupported() {
        return Collections.emptySet();
    }

    protected final boolean supports(ArchiveCapability c) {
        return !unsupported().contains(c);
    }

    @BeforeEach
    protected final void openArchiveUnderTest() {
        archive = openArchive();
        assertThat(archive).as("openArchive()").isNotNull();
        prefix = "tck-" + HexFormat.of().toHexDigits(RANDOM.nextInt()) + "/";
    }

    @AfterEach
    protected final void closeArchiveUnderTest() {
        if (archive != null) {
            archive.close();
            archive = null;
        }
    }

    @Test
    public void capabilities_areAllButTheUnsupportedOnes() {
        Set<ArchiveCapability> expected = EnumSet.allOf(ArchiveCapability.class);
        expected.removeAll(unsupported());
        assertThat(archive.capabilities()).as("capabilities() of %s, unsupported() = %s", archive.getClass().getName(), unsupported())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A key under this test's prefix. */
    protected final String key(String name) {
        return prefix + name;
    }

    /** {@code n} bytes that are not text and do not repeat. */
    protected static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Plain options with two metadata entries. */
    protected static ArchivePut plain() {
        return ArchivePut.of("application/zstd", Map.of("custody-first-seq", "1", "custody-note", "segment one"));
    }
}
