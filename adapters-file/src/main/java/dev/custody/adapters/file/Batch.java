package dev.custody.adapters.file;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendBatches;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch checked against the port's rules and encoded as the bytes to write, split by UTC day.
 * Built before the chain lock is taken, so validation and encoding do not hold up other writers.
 *
 * @param tip the chain's tip once the batch is stored
 * @param runs consecutive records of one UTC day each, in seq order
 */
record Batch(ChainTip tip, List<Run> runs) {

    Batch {
        requireNonNull(tip, "tip is null");
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
    }

    /**
     * The lines of one day file, each {@code json + '\n'} in UTF-8.
     *
     * @param day the UTC day of the records
     * @param firstSeq the seq of the first line
     * @param bytes the lines
     */
    record Run(LocalDate day, long firstSeq, byte[] bytes) {
        Run {
            requireNonNull(day, "day is null");
            requireNonNull(bytes, "bytes is null");
        }
    }

    /**
     * Checks {@code records} as {@link dev.custody.ports.AuditStore#append} documents it ({@link AppendBatches}),
     * plus what a file store needs: no record on an earlier UTC day than the one before it, valid UTF-16.
     *
     * @throws IllegalArgumentException naming the first record that breaks a rule
     */
    static Batch of(ChainId chain, ChainTip expected, List<AuditRecord> records) {
        return of(chain, expected, records, LineCodec.PLAIN);
    }

    /** The same, with each line made by {@code codec}. */
    static Batch of(ChainId chain, ChainTip expected, List<AuditRecord> records, LineCodec codec) {
        requireNonNull(chain, "chain is null");
        requireNonNull(expected, "expected is null");
        AppendBatches.check(chain, expected, records);
        List<Run> runs = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        long seq = expected.seq();
        LocalDate day = null;
        AuditRecord last = null;
        for (AuditRecord r : records) {
            if (!wellFormed(r.json())) {
                throw new IllegalArgumentException(r + " json holds an unpaired surrogate; it cannot be stored as UTF-8");
            }
            LocalDate d = LocalDate.ofInstant(r.recordedAt(), ZoneOffset.UTC);
            if (day != null && d.isBefore(day)) {
                throw new IllegalArgumentException(r + " is recorded on " + d + ", before seq " + seq + " on "
                        + day + "; recorded_at must not go back a UTC day within a chain");
            }
            if (day != null && !d.equals(day)) {
                runs.add(run(day, seq - lines.size() + 1, lines));
                lines.clear();
            }
            day = d;
            lines.add(codec.seal(chain, r.seq(), r.json()).getBytes(StandardCharsets.UTF_8));
            seq = r.seq();
            last = r;
        }
        runs.add(run(day, seq - lines.size() + 1, lines));
        return new Batch(ChainTip.of(last), runs);
    }

    /** The UTC day of the first record. */
    LocalDate firstDay() {
        return runs.get(0).day();
    }

    private static Run run(LocalDate day, long firstSeq, List<byte[]> lines) {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length + 1;
        }
        byte[] bytes = new byte[size];
        int at = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, bytes, at, l.length);
            at += l.length;
            bytes[at++] = '\n';
        }
        return new Run(day, firstSeq, bytes);
    }

    /** Whether every surrogate in {@code s} is part of a pair, so UTF-8 encoding loses nothing. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
