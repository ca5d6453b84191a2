package dev.custody.adapters.file;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One day file of a chain in the in-memory index. Lines are contiguous seqs, within a file and across
 * the files of a chain, so the seq of any line is {@code firstSeq} plus its line index.
 *
 * @param day the UTC day of {@code recorded_at} of its records
 * @param path the file
 * @param firstSeq the seq of its first line, from 1
 */
record DayFile(LocalDate day, Path path, long firstSeq) {
    DayFile {
        requireNonNull(day, "day is null");
        requireNonNull(path, "path is null");
        if (firstSeq < 1) {
            throw new IllegalArgumentException("firstSeq must be >= 1, got " + firstSeq);
        }
    }
}
