package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.spi.ConfigurationException;
import java.sql.ResultSet;

/**
 * The {@code immutable_audit} flag of {@code compliance_settings}, which {@code purge_chain_before} enforces (ADR
 * 0070). Only the schema owner may write it (ADR 0090): a store that migrates connects as the owner and writes the
 * configured value; the service's role only reads it and refuses to start when it disagrees with the configuration.
 */
final class ImmutableAuditFlag {

    private final StoreContext db;
    private final String schema;
    private final boolean owner;

    ImmutableAuditFlag(StoreContext db, String schema, boolean owner) {
        this.db = db;
        this.schema = schema;
        this.owner = owner;
    }

    /**
     * Writes {@code immutable} as the owner, or checks it as the service.
     *
     * @throws ConfigurationException when the service's configuration and the database disagree
     * @throws AuditStoreException when the row is missing or the database fails
     */
    void enforce(boolean immutable) {
        boolean stored = owner ? write(immutable) : read();
        if (stored != immutable) {
            throw new ConfigurationException("PostgreSQL schema " + schema + " has compliance_settings.immutable_audit="
                    + stored + ", but custody.compliance asks for immutable-audit=" + immutable + ". Only the schema owner "
                    + "may change it: run `custody db migrate --config <this configuration>` as the schema owner, or make "
                    + "custody.compliance match the database");
        }
    }

    private boolean write(boolean immutable) {
        int rows;
        try {
            rows = db.sql("UPDATE " + schema + ".compliance_settings SET immutable_audit = ?, updated_at = now() WHERE id = 1",
                    ps -> {
                        ps.setBoolean(1, immutable);
                        return ps.executeUpdate();
                    });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("write compliance_settings as the schema owner", null, e);
        }
        if (rows != 1) {
            throw new AuditStoreException("schema " + schema + " has no compliance_settings row: run `custody db migrate`");
        }
        return immutable;
    }

    private boolean read() {
        Boolean stored;
        try {
            stored = db.sql("SELECT immutable_audit FROM " + schema + ".compliance_settings WHERE id = 1", ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBoolean(1) : null;
                }
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("read compliance_settings (run `custody db migrate` if the table is missing)", null, e);
        }
        if (stored == null) {
            throw new AuditStoreException("schema " + schema + " has no compliance_settings row: run `custody db migrate`");
        }
        return stored;
    }
}
