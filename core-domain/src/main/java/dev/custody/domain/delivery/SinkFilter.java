package dev.custody.domain.delivery;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import java.util.Set;

/**
 * Which records a sink receives. An empty set means "any"; a record must match every non-empty set.
 *
 * @param namespaces chain namespaces to deliver
 * @param tenants chain tenants to deliver
 * @param kinds record kinds to deliver ({@code decision}, {@code gdpr_erasure}, …)
 */
public record SinkFilter(Set<String> namespaces, Set<String> tenants, Set<String> kinds) {

    /** Every record. */
    public static final SinkFilter ALL = new SinkFilter(Set.of(), Set.of(), Set.of());

    public SinkFilter {
        namespaces = Set.copyOf(requireNonNull(namespaces, "namespaces is null"));
        tenants = Set.copyOf(requireNonNull(tenants, "tenants is null"));
        kinds = Set.copyOf(requireNonNull(kinds, "kinds is null"));
    }

    /** Whether the sink should receive {@code record}. */
    public boolean matches(AuditRecord record) {
        return (namespaces.isEmpty() || namespaces.contains(record.chain().namespace()))
                && (tenants.isEmpty() || tenants.contains(record.chain().tenant()))
                && (kinds.isEmpty() || kinds.contains(record.kind()));
    }
}
