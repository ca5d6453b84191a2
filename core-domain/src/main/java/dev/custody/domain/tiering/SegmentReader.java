package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Sha256;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** Reads the segment at {@code segmentKey} and checks it against {@code manifest}. */
    public SegmentCheck check(String segmentKey, ArchiveManifest manifest) {
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
        byte[] ndjson;
        try {
            ndjson = compression.decompress(bytes, Integer.MAX_VALUE - 16);
        } catch (RuntimeException e) {
            return new SegmentCheck.Broken(segmentKey, null, 0,
                    (objectProblem != null ? objectProblem + "; " : "") + "cannot decompress: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>((int) Math.min(manifest.count(), 1_000_000));
        MerkleTree tree = new MerkleTree();
        int start = 0;
        for (int i = 0; i < ndjson.length; i++) {
            if (ndjson[i] == '\n') {
                tree.add(ndjson, start, i - start);
                lines.add(new String(ndjson, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != ndjson.length) {
            return new SegmentCheck.Broken(segmentKey, null, lines.size(),
                    join(objectProblem, "the last line is not terminated by a line feed"));
        }
        Verification v = verifier.verify(lines.iterator(), manifest.chain(), manifest.firstSeq() - 1, manifest.firstPrevHash());
        if (v instanceof Verification.Broken b) {
            return new SegmentCheck.Broken(segmentKey, b.firstBrokenAt(), b.recordsChecked(),
                    join(objectProblem, "record " + (manifest.firstSeq() + b.position() - 1) + ": " + b.reason()));
        }
        Verification.Valid ok = (Verification.Valid) v;
        String problem = objectProblem;
        if (lines.size() != manifest.count()) {
            problem = join(problem, "holds " + lines.size() + " records, the manifest says " + manifest.count());
        } else if (ok.lastSeq() != manifest.lastSeq()) {
            problem = join(problem, "ends at seq " + ok.lastSeq() + ", the manifest says " + manifest.lastSeq());
        } else if (!ok.lastRecordHash().equals(manifest.lastRecordHash())) {
            problem = join(problem, "last record_hash " + ok.lastRecordHash() + " differs from the manifest's");
        }
        String root = tree.rootHex();
        if (problem == null && !root.equals(manifest.merkleRoot())) {
            problem = "Merkle root " + root + " does not match the manifest's " + manifest.merkleRoot();
        }
        if (problem != null) {
            return new SegmentCheck.Broken(segmentKey, null, lines.size(), problem);
        }
        return new SegmentCheck.Intact(segmentKey, manifest, lines);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    /** The chain a manifest belongs to must be the one asked for. */
    static boolean belongsTo(ArchiveManifest m, ChainId chain) {
        return m.chain().equals(chain);
    }
}
