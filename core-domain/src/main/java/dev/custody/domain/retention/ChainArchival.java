package dev.custody.domain.retention;

import dev.custody.ports.ChainId;
import java.time.Instant;

/**
 * Archival as retention uses it: moves the records of one chain recorded before a cutoff to the cold archive.
 * The app builds it on the configured archive ({@link dev.custody.domain.tiering.Archiver}).
 */
@FunctionalInterface
public interface ChainArchival {

    /**
     * @return how many records were archived
     * @throws dev.custody.domain.tiering.ArchivalException when a segment cannot be written or does not check
     */
    long archive(ChainId chain, Instant cutoff);
}
