package dev.custody.ports;

/** A transition in the life of a record, in the order they happen. */
public enum CustodyStage {
    /** The service accepted the event (derived from the stored record: its {@code recorded_at} and actor). */
    INGEST,
    /** The record took its seq in the chain of the system of record (derived from the stored record). */
    LEDGER,
    /** The record was copied to a verified cold-archive segment. */
    ARCHIVE,
    /** The record was brought back from a cold-archive segment for querying. */
    RESTORE;

    /** The lower-case name used in JSON and SQL ({@code ingest}, {@code ledger} …). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static CustodyStage fromWire(String name) {
        for (CustodyStage s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown custody stage '" + name + "'");
    }
}
