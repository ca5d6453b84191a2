package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Sha256;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Reads a segment and its manifest back from an archive and checks everything the manifest promises: the
 * object's SHA-256, the record count and seq range, the first {@code prev_hash} and last {@code record_hash},
 * the RFC 9162 Merkle root, and every record's own hash and link. A damaged object is still decoded where
 * possible, so the first broken record can be named.
 */
public final class SegmentReader {

    private final ArchiveStore archive;
    private final SegmentCompression compression;
    private final ChainVerifier verifier = new ChainVerifier();

    public SegmentReader(ArchiveStore archive, SegmentCompression compression) {
        this.archive = requireNonNull(archive, "archive is null");
        this.compression = requireNonNull(compression, "compression is null");
    }

    /** Reads and parses a manifest; empty when absent. @throws IllegalArgumentException when malformed */
    public Optional<ArchiveManifest> manifest(String manifestKey) {
        return archive.get(manifestKey).map(ManifestJson::read);
    }

    /** Reads and checks the segment whose manifest is at {@code manifestKey}. */
    public SegmentCheck check(String manifestKey) {
        String segmentKey = ArchiveLayout.segmentOf(manifestKey);
        ArchiveManifest manifest;
        try {
            Optional<ArchiveManifest> m = manifest(manifestKey);
            if (m.isEmpty()) {
                return new SegmentCheck.Broken(segmentKey, null, 0, "manifest " + manifestKey + " is missing");
            }
            manifest = m.get();
        } catch (IllegalArgumentException e) {
            return new SegmentCheck.Broken(segmentKey, null, 0, "manifest " + manifestKey + " is malformed: " + e.getMessage());
        }
        return check(segmentKey, manifest);
    }

    /**
     * Reads what can be read of the segment whose manifest is at {@code manifestKey}, without judging it: the
     * manifest if it parses, the object's hash, and the lines decoded up to any damage. Memory: one segment.
     */
    public SegmentScan scan(String manifestKey) {
        String segmentKey = ArchiveLayout.segmentOf(manifestKey);
        ArchiveManifest manifest = null;
        String manifestProblem = null;
        try {
            Optional<ArchiveManifest> m = manifest(manifestKey);
            manifest = m.orElse(null);
            manifestProblem = m.isEmpty() ? "manifest " + manifestKey + " is missing" : null;
        } catch (IllegalArgumentException e) {
            manifestProblem = "manifest " + manifestKey + " is malformed: " + e.getMessage();
        }
        Optional<byte[]> object = archive.get(segmentKey);
        if (object.isEmpty()) {
            return new SegmentScan(segmentKey, manifest, manifestProblem, null, List.of(), "the segment object is missing");
        }
        SegmentCompression.Partial data = compression.decompressPartially(object.get(), Integer.MAX_VALUE - 16);
        List<String> lines = new ArrayList<>();
        int start = 0;
        byte[] ndjson = data.data();
        for (int i = 0; i < ndjson.length; i++) {
            if (ndjson[i] == '\n') {
                lines.add(new String(ndjson, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        String unreadable = data.error() != null ? "cannot decompress: " + data.error()
                : start != ndjson.length ? "the last line is not terminated by a line feed" : null;
        return new SegmentScan(segmentKey, manifest, manifestProblem, Sha256.hex(object.get()), lines, unreadable);
    }

    /** Reads the segment at {@code segmentKey} and checks it against {@code manifest}; an intact one comes with its lines. */
    public SegmentCheck check(String segmentKey, ArchiveManifest manifest) {
        List<String> lines = new ArrayList<>((int) Math.min(manifest.count(), 1_000_000));
        return check(segmentKey, manifest, lines, n -> { });
    }

    /**
     * As {@link #check(String)}, but the lines are checked as they are decoded and not kept: memory is a read buffer
     * and the compressed object, not the segment (archival's read-back, ADR 0121). An intact result has no lines.
     *
     * @param progress told how many lines were checked so far, every thousand lines (archival paces itself there)
     */
    public SegmentCheck verify(String manifestKey, LongConsumer progress) {
        String segmentKey = ArchiveLayout.segmentOf(manifestKey);
        try {
            Optional<ArchiveManifest> m = manifest(manifestKey);
            if (m.isEmpty()) {
                return new SegmentCheck.Broken(segmentKey, null, 0, "manifest " + manifestKey + " is missing");
            }
            return verify(segmentKey, m.get(), progress);
        } catch (IllegalArgumentException e) {
            return new SegmentCheck.Broken(segmentKey, null, 0, "manifest " + manifestKey + " is malformed: " + e.getMessage());
        }
    }

    /** As {@link #verify(String, LongConsumer)}, against the given manifest. */
    public SegmentCheck verify(String segmentKey, ArchiveManifest manifest, LongConsumer progress) {
        return check(segmentKey, manifest, null, progress);
    }

    /**
     * Checks, in this order of precedence: the object decodes completely, its last line ends with a line feed, every
     * record's hash and link, the count, last seq and last hash, the Merkle root; an object hash mismatch is reported
     * with any of them.
     *
     * @param keep collects the lines, or null to drop them once checked
     */
    private SegmentCheck check(String segmentKey, ArchiveManifest manifest, List<String> keep, LongConsumer progress) {
        if (!manifest.file().equals(segmentKey)) {
            return new SegmentCheck.Broken(segmentKey, null, 0, "manifest names file " + manifest.file());
        }
        Optional<byte[]> object = archive.get(segmentKey);
        if (object.isEmpty()) {
            return new SegmentCheck.Broken(segmentKey, null, 0, "segment object is missing");
        }
        byte[] bytes = object.get();
        String sha = Sha256.hex(bytes);
        String objectProblem = sha.equals(manifest.sha256()) ? null
                : "object sha256 " + sha + " does not match the manifest's " + manifest.sha256();
        Verification v;
        SegmentLines lines;
        try (InputStream data = compression.decompressing(bytes)) {
            lines = new SegmentLines(data, Integer.MAX_VALUE - 16, progress);
            Iterator<String> records = keep == null ? lines : new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return lines.hasNext();
                }

                @Override
                public String next() {
                    String line = lines.next();
                    keep.add(line);
                    return line;
                }
            };
            v = verifier.verify(records, manifest.chain(), manifest.firstSeq() - 1, manifest.firstPrevHash());
            lines.drain();   // damage further on takes precedence over a broken record, as when decoded at once
        } catch (IOException | RuntimeException e) {
            return new SegmentCheck.Broken(segmentKey, null, 0, join(objectProblem, "cannot decompress: " + e.getMessage()));
        }
        if (lines.problem() != null) {
            return new SegmentCheck.Broken(segmentKey, null, 0, join(objectProblem, "cannot decompress: " + lines.problem()));
        }
        if (lines.unterminated()) {
            return new SegmentCheck.Broken(segmentKey, null, lines.count(),
                    join(objectProblem, "the last line is not terminated by a line feed"));
        }
        if (v instanceof Verification.Broken b) {
            return new SegmentCheck.Broken(segmentKey, b.firstBrokenAt(), b.recordsChecked(),
                    join(objectProblem, "record " + (manifest.firstSeq() + b.position() - 1) + ": " + b.reason()));
        }
        Verification.Valid ok = (Verification.Valid) v;
        String problem = objectProblem;
        if (lines.count() != manifest.count()) {
            problem = join(problem, "holds " + lines.count() + " records, the manifest says " + manifest.count());
        } else if (ok.lastSeq() != manifest.lastSeq()) {
            problem = join(problem, "ends at seq " + ok.lastSeq() + ", the manifest says " + manifest.lastSeq());
        } else if (!ok.lastRecordHash().equals(manifest.lastRecordHash())) {
            problem = join(problem, "last record_hash " + ok.lastRecordHash() + " differs from the manifest's");
        }
        String root = lines.merkleRoot();
        if (problem == null && !root.equals(manifest.merkleRoot())) {
            problem = "Merkle root " + root + " does not match the manifest's " + manifest.merkleRoot();
        }
        if (problem != null) {
            return new SegmentCheck.Broken(segmentKey, null, lines.count(), problem);
        }
        return new SegmentCheck.Intact(segmentKey, manifest, keep == null ? List.of() : keep);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    /** The chain a manifest belongs to must be the one asked for. */
    static boolean belongsTo(ArchiveManifest m, ChainId chain) {
        return m.chain().equals(chain);
    }
}
