package dev.custody.ports.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which {@link Severity} a record's outcome has: one table for every sink, so that a denied access is a
 * warning in syslog, CEF 7 in ArcSight, Medium in OCSF and {@code medium} in Splunk alike. A sink's
 * {@code severity.<outcome>} properties change single entries and {@code severity.default} the severity of
 * every outcome the table does not name.
 *
 * <p>The default table: {@code success, succeeded, ok, allowed, approved, granted, completed, erased} are
 * informational; {@code denied, rejected, blocked} medium; {@code failure, failed, error, partially_erased}
 * high; any other outcome low.
 */
public final class SeverityTable {

    /** The prefix of the properties that change the table. */
    public static final String KEY_PREFIX = "severity.";

    /** The key of the severity of outcomes the table does not name. */
    public static final String DEFAULT_KEY = KEY_PREFIX + "default";

    /** The table every sink starts from. */
    public static final SeverityTable DEFAULT = new SeverityTable(defaults(), Severity.LOW);

    private final Map<String, Severity> byOutcome;
    private final Severity otherwise;

    private SeverityTable(Map<String, Severity> byOutcome, Severity otherwise) {
        this.byOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(byOutcome));
        this.otherwise = requireNonNull(otherwise, "otherwise is null");
    }

    /**
     * The default table changed by {@code config}'s {@code severity.*} properties, e.g.
     * {@code severity.incomplete: medium}, {@code severity.default: informational}.
     *
     * @throws ConfigurationException naming the key when a value is not a severity name
     */
    public static SeverityTable from(ProviderConfig config) {
        Map<String, Severity> table = new LinkedHashMap<>(DEFAULT.byOutcome);
        Severity otherwise = DEFAULT.otherwise;
        for (String key : keysIn(config)) {
            String value = config.string(key, "");
            Severity s = Severity.byName(value).orElseThrow(() -> config.invalid(key, value, "must be one of "
                    + Arrays.stream(Severity.values()).map(Severity::configName).toList()));
            if (key.equals(DEFAULT_KEY)) {
                otherwise = s;
            } else {
                table.put(key.substring(KEY_PREFIX.length()).toLowerCase(Locale.ROOT), s);
            }
        }
        return new SeverityTable(table, otherwise);
    }

    /** The {@code severity.*} keys {@code config} holds; add them to the keys a provider knows. */
    public static Set<String> keysIn(ProviderConfig config) {
        return config.keys().stream().filter(k -> k.startsWith(KEY_PREFIX) && k.length() > KEY_PREFIX.length())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The severity of a record whose outcome is {@code outcome} (compared in lower case). */
    public Severity of(String outcome) {
        return byOutcome.getOrDefault(outcome.toLowerCase(Locale.ROOT), otherwise);
    }

    /** The outcomes the table names, with their severities, in the order of the table. */
    public Map<String, Severity> entries() {
        return byOutcome;
    }

    /** The severity of any outcome the table does not name. */
    public Severity otherwise() {
        return otherwise;
    }

    private static Map<String, Severity> defaults() {
        Map<String, Severity> m = new LinkedHashMap<>();
        for (String o : new String[] {"success", "succeeded", "ok", "allowed", "approved", "granted", "completed", "erased"}) {
            m.put(o, Severity.INFORMATIONAL);
        }
        for (String o : new String[] {"denied", "rejected", "blocked"}) {
            m.put(o, Severity.MEDIUM);
        }
        for (String o : new String[] {"failure", "failed", "error", "partially_erased"}) {
            m.put(o, Severity.HIGH);
        }
        return m;
    }

    @Override
    public String toString() {
        return "SeverityTable" + byOutcome + " otherwise " + otherwise.configName();
    }
}
