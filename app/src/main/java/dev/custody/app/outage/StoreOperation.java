package dev.custody.app.outage;

import java.util.Locale;

/** What was being done when a store failed, as a small fixed set (the metric label {@code operation}). */
public enum StoreOperation {
    /** Appending a batch to a chain. */
    APPEND,
    /** Reading a chain's tip. */
    TIP,
    /** Streaming or reading a seq range of a chain. */
    READ,
    /** A filtered query of a chain. */
    QUERY,
    /** Looking a record up by id. */
    FIND,
    /** Listing the chains. */
    LIST,
    /** Removing records before a seq (retention). */
    PURGE,
    /** The custody log of archive and restore transitions. */
    CUSTODY_LOG,
    /** Records restored from the cold archive. */
    RESTORED,
    /** Another call on the system of record (its capabilities, key usage, the immutable-audit flag). */
    OTHER,
    /** Local storage outside the system of record, met while answering a request: the spool, the key store. */
    LOCAL,
    /** The cold archive, met while answering a request (export, verification, forensics). */
    ARCHIVE;

    /** The label value: {@code append}, {@code custody_log}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
