package dev.custody.domain.chain;

import dev.custody.ports.ChainId;

/**
 * The service's own chains, namespace {@value #NAMESPACE}: legal holds ({@code custody/holds}), retention records
 * ({@code custody/<tenant>}, the anchors that keep shortened chains verifiable), erasures and other admin records
 * ({@code custody/admin}). The service reads them back to know its own state, so they never leave the system of
 * record: archival and retention pass them by. (Access chains, {@code custody.access/<tenant>}, are ordinary
 * audit data in this respect.)
 */
public final class ServiceChains {

    /** The namespace of the service's own chains. */
    public static final String NAMESPACE = "custody";

    private ServiceChains() {
    }

    /**
     * Whether clients are kept out of {@code namespace}: the service's own ({@value #NAMESPACE}) and every
     * {@value #NAMESPACE}{@code .*} namespace (the access chains, {@code custody.access}).
     */
    public static boolean isReserved(String namespace) {
        return namespace.equals(NAMESPACE) || namespace.startsWith(NAMESPACE + ".");
    }

    /** Whether {@code chain} is one of the service's own chains, which archival and retention leave alone. */
    public static boolean isService(ChainId chain) {
        return chain.namespace().equals(NAMESPACE);
    }
}
