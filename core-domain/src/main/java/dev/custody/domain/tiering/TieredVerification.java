package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.Verification;

/**
 * The outcome of verifying a chain across its archived segments and its warm rows.
 *
 * @param verification the whole chain's result; {@code records_checked} counts archived and warm records,
 *     {@code first_broken_at} names the first broken record when one can be named
 * @param segmentsChecked how many archived segments were examined (the broken one included)
 * @param archivedRecords how many records the intact segments held
 * @param brokenSegment the key of the segment where verification stopped, or null when it did not stop in the archive
 */
public record TieredVerification(Verification verification, int segmentsChecked, long archivedRecords, String brokenSegment) {
    public TieredVerification {
        requireNonNull(verification, "verification is null");
    }

    public boolean valid() {
        return verification.valid();
    }
}
