package dev.custody.domain.tiering;

import dev.custody.ports.ChainId;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where segments live in an archive: {@code <namespace>/<tenant>/<yyyy>/<mm>/<first_seq>-<last_seq>.ndjson.zst}
 * and the manifest beside it at the same key plus {@code .manifest.json}. The month is that of the
 * segment's records' {@code recorded_at} (a segment never spans two months).
 */
public final class ArchiveLayout {

    /** Suffix of every segment object. */
    public static final String SEGMENT_SUFFIX = ".ndjson.zst";
    /** Suffix added to a segment key for its manifest. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    private static final Pattern MANIFEST = Pattern.compile(
            "([a-z0-9][a-z0-9._-]{0,62})/([a-z0-9][a-z0-9._-]{0,62})/(\\d{4})/(\\d{2})/([1-9]\\d{0,18})-([1-9]\\d{0,18})"
                    + Pattern.quote(SEGMENT_SUFFIX + MANIFEST_SUFFIX));

    private ArchiveLayout() {
    }

    /** The prefix under which every object of {@code chain} lives ({@code namespace/tenant/}). */
    public static String chainPrefix(ChainId chain) {
        return chain.namespace() + "/" + chain.tenant() + "/";
    }

    /** The segment key of records {@code firstSeq..lastSeq} recorded in {@code month}. */
    public static String segmentKey(ChainId chain, YearMonth month, long firstSeq, long lastSeq) {
        return chainPrefix(chain) + String.format("%04d/%02d/", month.getYear(), month.getMonthValue())
                + firstSeq + "-" + lastSeq + SEGMENT_SUFFIX;
    }

    /** The manifest key of a segment. */
    public static String manifestKey(String segmentKey) {
        return segmentKey + MANIFEST_SUFFIX;
    }

    /** The range a manifest key names, if it is one of {@code chain}'s manifests. */
    public static Optional<long[]> manifestRange(ChainId chain, String key) {
        Matcher m = MANIFEST.matcher(key);
        if (!m.matches() || !m.group(1).equals(chain.namespace()) || !m.group(2).equals(chain.tenant())) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(m.group(5)), Long.parseLong(m.group(6))});
    }

    /** The segment key of a manifest key. */
    public static String segmentOf(String manifestKey) {
        return manifestKey.substring(0, manifestKey.length() - MANIFEST_SUFFIX.length());
    }
}
