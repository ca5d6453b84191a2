package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;

/**
 * The {@code postgres} backend: the warm system of record for a fleet of replicas sharing one PostgreSQL.
 * Month-partitioned, append-only in the database itself (triggers and grants), conditional appends safe
 * across processes.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code url} — required, {@code jdbc:postgresql://host:port/database}</li>
 *   <li>{@code username}, {@code password} — optional credentials</li>
 *   <li>{@code schema} — where the tables live, a lower-case SQL identifier; default {@code custody}</li>
 *   <li>{@code pool-size} — most connections, 1 to 512; default 16</li>
 *   <li>{@code migrate} — apply the Liquibase changelog at start and write the compliance flag, connecting as the
 *       schema owner; default {@code false} (then run {@code custody db migrate} as the owner, and the store only
 *       checks the flag)</li>
 * </ul>
 */
public final class PostgresAuditStoreProvider implements AuditStoreProvider {

    /** The configuration name of this backend. */
    public static final String NAME = "postgres";

    /**
     * The Micronaut environment of the adapter's own internal context. Beans of an enclosing application
     * that must not start inside it (its composition root, say) declare {@code @Requires(notEnv = ...)} with it.
     */
    public static final String CONTEXT_ENVIRONMENT = "custody-postgres-store";

    /** Needed by {@link java.util.ServiceLoader}; does no work. */
    public PostgresAuditStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Connects, migrates the schema when {@code migrate} is true, checks that the schema exists and creates
     * the month partitions ahead.
     *
     * @throws dev.custody.ports.spi.ConfigurationException on an unknown or invalid property, a missing
     *     schema (and migrate off) or a failed migration
     * @throws dev.custody.ports.StoreUnavailableException when PostgreSQL cannot be reached
     */
    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        PostgresSettings settings = PostgresSettings.from(config);
        StoreContext db = StoreContext.start(settings);
        try {
            return new PostgresAuditStore(db, settings.schema(), context.clock(), settings.migrate());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Every store this provider creates has every capability ({@link PostgresAuditStore#capabilities()}). */
    @Override
    public java.util.Optional<java.util.Set<dev.custody.ports.StoreCapability>> capabilitiesBeforeConnecting() {
        return java.util.Optional.of(java.util.EnumSet.allOf(dev.custody.ports.StoreCapability.class));
    }
}
