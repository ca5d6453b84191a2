package dev.custody.domain.retention;

import dev.custody.ports.ChainId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured policies and the rule that picks one: the most specific match wins (ADR 0071). */
public record RetentionPolicies(List<RetentionPolicy> all) {

    /** No policies: nothing is archived or deleted by retention. */
    public static final RetentionPolicies NONE = new RetentionPolicies(List.of());

    public RetentionPolicies {
        all = List.copyOf(all);
        Set<String> seen = new HashSet<>();
        for (RetentionPolicy p : all) {
            if (!seen.add(p.pattern())) {
                throw new IllegalArgumentException("two retention policies for " + p.pattern());
            }
        }
    }

    /** The policy for records of this chain and kind: the matching one of highest specificity. */
    public Optional<RetentionPolicy> match(String namespace, String tenant, String kind) {
        return all.stream().filter(p -> p.matches(namespace, tenant, kind)).max(Comparator.comparingInt(RetentionPolicy::specificity));
    }

    /** The archive-after of a whole chain: that of the most specific matching policy of kind {@code *}, if any. */
    public Optional<RetentionAge> archiveAfter(ChainId chain) {
        return all.stream().filter(p -> RetentionPolicy.ANY.equals(p.kind()) && p.matches(chain.namespace(), chain.tenant(), p.kind()))
                .max(Comparator.comparingInt(RetentionPolicy::specificity)).map(RetentionPolicy::archiveAfter);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }
}
