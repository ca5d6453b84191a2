package dev.custody.app.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

    @Test
    void theOperatingSystemsWordsWin_wherever_theyAreInTheChain() {
        assertThat(FailureCause.of(new AuditStoreException("append", new IOException("Too many open files"))))
                .isEqualTo(FailureCause.DESCRIPTORS);
        assertThat(FailureCause.of(new UncheckedIOException(new FileSystemException("/d/f", null, "Too many open files in system"))))
                .isEqualTo(FailureCause.DESCRIPTORS);
        assertThat(FailureCause.of(new StoreUnavailableException("opens fail", new IOException("Too many open files"))))
                .as("a store that says unavailable because descriptors ran out").isEqualTo(FailureCause.DESCRIPTORS);
        assertThat(FailureCause.of(new AuditStoreException("x", new IOException("No space left on device"))))
                .isEqualTo(FailureCause.DISK_FULL);
        assertThat(FailureCause.of(new UncheckedIOException(new IOException("Disk quota exceeded")))).isEqualTo(FailureCause.DISK_FULL);
        assertThat(FailureCause.of(new AuditStoreException("x", new SQLException("could not extend file", "53100"))))
                .isEqualTo(FailureCause.DISK_FULL);
        assertThat(FailureCause.of(new AuditStoreException("x", new FileSystemException("/d", null, "Read-only file system"))))
                .isEqualTo(FailureCause.READ_ONLY);
    }

    @Test
    void otherwiseTheTypes_unavailableThenIoThenOther() {
        assertThat(FailureCause.of(new StoreUnavailableException("connection refused"))).isEqualTo(FailureCause.UNAVAILABLE);
        assertThat(FailureCause.of(new AuditStoreException("x", new IOException("Input/output error")))).isEqualTo(FailureCause.IO);
        assertThat(FailureCause.of(new UncheckedIOException(new IOException("boom")))).isEqualTo(FailureCause.IO);
        assertThat(FailureCause.of(new AuditStoreException("the file store is closed"))).isEqualTo(FailureCause.OTHER);
        assertThat(FailureCause.of(new IllegalStateException((String) null))).isEqualTo(FailureCause.OTHER);
    }

    @Test
    void aCycleInTheCauseChain_endsTheWalk() {
        IOException a = new IOException("a");
        AuditStoreException b = new AuditStoreException("b", a);
        a.initCause(b);
        assertThat(FailureCause.of(b)).isEqualTo(FailureCause.IO);
    }
}
