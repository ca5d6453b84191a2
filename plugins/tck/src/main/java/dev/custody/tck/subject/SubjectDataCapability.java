package dev.custody.tck.subject;

/** What a subject data store may decline to do; the SPI gives each a default that throws. */
public enum SubjectDataCapability {
    /** {@code countInactiveBefore}: counting what retention would delete (dry runs). */
    COUNT_INACTIVE,
    /** {@code deleteInactiveBefore(cutoff, keep)} with subjects to keep (legal holds naming subjects). */
    KEEP_HELD_SUBJECTS,
    /** {@code putIn}, {@code getIn}, {@code countIn}: items kept per chain, within a limit per chain. */
    SCOPED_ITEMS
}
