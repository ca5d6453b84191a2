package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Identifies one hash chain: a (namespace, tenant) pair. Both parts become file paths, keys and
 * SQL values, so they are validated here and nowhere trusted unvalidated.
 *
 * @param namespace matches {@link #NAME_PATTERN}
 * @param tenant matches {@link #NAME_PATTERN}
 */
public record ChainId(String namespace, String tenant) implements Comparable<ChainId> {

    /** What a namespace or tenant must match: lower-case letters, digits, {@code . _ -}, 1–63 chars. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /**
     * @throws IllegalArgumentException naming the field when a part is null or does not match
     *     {@link #NAME_PATTERN}
     */
    public ChainId {
        checkName("namespace", namespace);
        checkName("tenant", tenant);
    }

    /** Same as the constructor; reads better at call sites. */
    public static ChainId of(String namespace, String tenant) {
        return new ChainId(namespace, tenant);
    }

    /** Whether {@code value} is a valid namespace or tenant. */
    public static boolean isValidName(String value) {
        return value != null && NAME_PATTERN.matcher(value).matches();
    }

    private static void checkName(String field, String value) {
        requireNonNull(value, field + " is null");
        if (!isValidName(value)) {
            throw new IllegalArgumentException(
                    field + " must match " + NAME_PATTERN.pattern() + ", got '" + printable(value) + "'");
        }
    }

    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public int compareTo(ChainId other) {
        int c = namespace.compareTo(other.namespace);
        return c != 0 ? c : tenant.compareTo(other.tenant);
    }

    /** {@code namespace/tenant}. */
    @Override
    public String toString() {
        return namespace + "/" + tenant;
    }
}
