package dev.custody.tck.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves WORM retention and legal hold. A store that supports {@link ArchiveCapability#RETENTION} reports the
 * retain-until instant it enforces (to the second); one that supports {@link ArchiveCapability#LEGAL_HOLD}
 * places, reports and lifts holds. A store lacking either must refuse the option with
 * {@link UnsupportedOperationException} and write nothing: never accept it silently.
 */
public abstract class ArchiveProtectionContract extends ArchiveContract {

    @Test
    public void retention_isEnforcedAndReported_orRefused() {
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        if (!supports(ArchiveCapability.RETENTION)) {
            assertThat(archive.capabilities()).doesNotContain(ArchiveCapability.RETENTION);
            assertThatThrownBy(() -> archive.put(key("kept"), bytes(10), plain().retainedUntil(until)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(archive.head(key("kept"))).as("nothing may be written when retention is refused").isEmpty();
            return;
        }
        archive.put(key("kept"), bytes(10), plain().retainedUntil(until));
        ArchiveObject head = archive.head(key("kept")).orElseThrow();
        assertThat(head.retainUntil()).isNotNull();
        assertThat(head.retainUntil().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(until);
    }

    @Test
    public void legalHold_isPlacedReportedAndLifted_orRefused() {
        if (!supports(ArchiveCapability.LEGAL_HOLD)) {
            assertThat(archive.capabilities()).doesNotContain(ArchiveCapability.LEGAL_HOLD);
            assertThatThrownBy(() -> archive.put(key("held"), bytes(10), plain().withLegalHold(true)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(archive.head(key("held"))).as("nothing may be written when a hold is refused").isEmpty();
            archive.put(key("plain"), bytes(10), plain());
            assertThatThrownBy(() -> archive.setLegalHold(key("plain"), true)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(archive.head(key("plain")).orElseThrow().legalHold()).isFalse();
            return;
        }
        archive.put(key("held"), bytes(10), plain().withLegalHold(true));
        assertThat(archive.head(key("held")).orElseThrow().legalHold()).isTrue();

        archive.put(key("later"), bytes(10), plain());
        assertThat(archive.head(key("later")).orElseThrow().legalHold()).isFalse();
        archive.setLegalHold(key("later"), true);
        assertThat(archive.head(key("later")).orElseThrow().legalHold()).isTrue();
        archive.setLegalHold(key("later"), false);
        assertThat(archive.head(key("later")).orElseThrow().legalHold()).isFalse();
    }

    /**
     * {@code delete} removes an unprotected object and answers false for a missing one; with
     * {@link ArchiveCapability#LEGAL_HOLD} it is refused ({@code ArchiveStoreException}) while the hold is on. A store
     * that cannot delete throws {@link UnsupportedOperationException} and keeps the object.
     */
    @Test
    public void delete_removesAnUnprotectedObject_andIsRefusedUnderAHold() {
        archive.put(key("gone"), bytes(10), plain());
        boolean deleted;
        try {
            deleted = archive.delete(key("gone"));
        } catch (UnsupportedOperationException e) {
            assertThat(archive.head(key("gone"))).as("a store that cannot delete keeps the object").isPresent();
            return;
        }
        assertThat(deleted).isTrue();
        assertThat(archive.head(key("gone"))).isEmpty();
        assertThat(archive.delete(key("gone"))).isFalse();
        if (supports(ArchiveCapability.LEGAL_HOLD)) {
            archive.put(key("held-gone"), bytes(10), plain().withLegalHold(true));
            assertThatThrownBy(() -> archive.delete(key("held-gone"))).isInstanceOf(dev.custody.ports.ArchiveStoreException.class);
            assertThat(archive.head(key("held-gone"))).isPresent();
        }
    }
}
