package dev.custody.domain.tiering;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.CustodyRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what an {@code archive} custody row claims about one record against what can be read of its segment,
 * and names each problem: {@code object hash mismatch}, {@code unreadable object}, {@code record changed} (the
 * record's own line), {@code Merkle root mismatch}, and breaks elsewhere in the segment. A damaged segment is
 * described, never merely refused, so forensics can say whether the record's own line survived.
 */
final class ArchivedCopy {

    private ArchivedCopy() {
    }

    /** Null when the archived copy of {@code r} holds; otherwise every problem found, joined by "; ". */
    static String problem(SegmentScan scan, String location, AuditRecord r, CustodyRange row, ChainVerifier verifier) {
        List<String> problems = new ArrayList<>();
        ArchiveManifest m = scan.manifest();
        if (m == null) {
            problems.add(scan.manifestProblem());
        }
        if (scan.objectSha256() != null && m != null && !scan.hashMatches()) {
            problems.add("object hash mismatch: sha256 " + scan.objectSha256() + ", the manifest says " + m.sha256());
        }
        List<String> lines = scan.lines();
        if (scan.unreadable() != null) {
            problems.add("unreadable object: " + scan.unreadable()
                    + (lines.isEmpty() ? "" : " (after seq " + (row.firstSeq() + lines.size() - 1) + ")"));
        }
        int at = (int) (r.seq() - row.firstSeq());
        String own = at < lines.size() ? lineProblem(lines, at, r, m, verifier)
                : scan.unreadable() != null ? "the line of seq " + r.seq() + " cannot be read"
                : "the segment holds no line for seq " + r.seq();
        if (own != null) {
            problems.add(own);
        }
        if (m != null && scan.unreadable() == null) {
            if (lines.size() != m.count()) {
                problems.add("the segment holds " + lines.size() + " records, the manifest says " + m.count());
            }
            MerkleTree tree = new MerkleTree();
            lines.forEach(l -> tree.add(l.getBytes(StandardCharsets.UTF_8)));
            if (!tree.rootHex().equals(m.merkleRoot())) {
                problems.add("Merkle root mismatch: the lines give " + tree.rootHex() + ", the manifest says " + m.merkleRoot());
            }
            if (own == null) {
                Verification v = verifier.verify(lines.iterator(), m.chain(), m.firstSeq() - 1, m.firstPrevHash());
                if (v instanceof Verification.Broken b) {
                    problems.add("another record does not check: seq " + (m.firstSeq() + b.position() - 1) + ": " + b.reason());
                }
            }
        }
        if (m != null && !m.merkleRoot().equals(row.recordsRoot())) {
            problems.add("the custody row's records_root differs from the manifest's Merkle root");
        }
        if (problems.isEmpty()) {
            return null;
        }
        if (own == null) {
            problems.add("the line of seq " + r.seq() + " itself is intact");
        }
        return "segment " + location + ": " + String.join("; ", problems);
    }

    /** What is wrong with the record's own line: changed content, a hash that does not recompute, broken links. */
    private static String lineProblem(List<String> lines, int at, AuditRecord r, ArchiveManifest m, ChainVerifier verifier) {
        String line = lines.get(at);
        String changed = "record changed: the archived line of seq " + r.seq();
        if (!line.equals(r.json())) {
            return changed + " differs from the record";
        }
        Verification own = verifier.verify(List.of(line).iterator(), r.chain(), -1, null);
        if (!own.valid()) {
            return changed + " does not match its record_hash (" + own.reason() + ")";
        }
        String next = at + 1 < lines.size() ? prevHashOf(lines.get(at + 1))
                : m != null && at + 1 == m.count() ? m.lastRecordHash() : null;
        if (next != null && !next.equals(r.recordHash())) {
            return changed + " has a record_hash the next record does not link to (rewritten with a recomputed hash)";
        }
        String before = at > 0 ? hashOf(lines.get(at - 1)) : m != null ? m.firstPrevHash() : null;
        if (before != null && !before.equals(r.prevHash())) {
            return changed + " has a prev_hash that does not link to seq " + (r.seq() - 1);
        }
        return null;
    }

    private static String prevHashOf(String line) {
        try {
            return StoredRecords.parse(line).prevHash();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hashOf(String line) {
        try {
            return StoredRecords.parse(line).recordHash();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
