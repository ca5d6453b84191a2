package dev.custody.adapters.postgres;

import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.jdbc.runtime.PreparedStatementCallback;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The adapter's own small Micronaut context: one datasource with its Hikari pool, Micronaut Data JDBC's
 * operations and transactions, and Liquibase (which runs when the datasource is created, if enabled). It
 * runs in the environment {@link PostgresAuditStoreProvider#CONTEXT_ENVIRONMENT}, reads no configuration
 * files or environment variables, and only the properties {@link PostgresSettings} gives it.
 */
final class StoreContext implements AutoCloseable {

    private final ApplicationContext context;
    private final JdbcOperations jdbc;
    final ConnectionOperations<Connection> connections;

    private StoreContext(ApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcOperations.class);
        this.connections = context.getBean(Argument.of(ConnectionOperations.class, Connection.class));
    }

    /**
     * Starts the context: connects, migrates when asked, and checks that the schema is there.
     *
     * @throws StoreUnavailableException when PostgreSQL cannot be reached
     * @throws ConfigurationException when the schema is missing and migrate is off, or Liquibase fails
     */
    static StoreContext start(PostgresSettings settings) {
        ApplicationContext context;
        try {
            context = ApplicationContext.builder()
                    .classLoader(StoreContext.class.getClassLoader())
                    .environments(PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
                    .deduceEnvironment(false)
                    .enableDefaultPropertySources(false)
                    .environmentPropertySource(false)
                    .banner(false)
                    .properties(settings.contextProperties())
                    .start();
        } catch (RuntimeException e) {
            throw startFailure(settings, e);
        }
        try {
            StoreContext started = new StoreContext(context);
            started.checkSchema(settings);
            return started;
        } catch (RuntimeException e) {
            context.close();
            throw e instanceof ConfigurationException || e instanceof StoreUnavailableException ? e : startFailure(settings, e);
        }
    }

    /** Runs one statement on a pooled connection (auto-commit) and returns what the callback makes of it. */
    <R> R sql(String sql, PreparedStatementCallback<R> callback) {
        return connections.executeWrite(status -> jdbc.prepareStatement(sql, callback));
    }

    private void checkSchema(PostgresSettings settings) {
        Boolean present = sql("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL",
                ps -> {
                    ps.setString(1, settings.schema() + ".audit_records");
                    ps.setString(2, settings.schema() + ".chain_heads");
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                });
        if (!Boolean.TRUE.equals(present)) {
            throw new ConfigurationException("PostgreSQL schema '" + settings.schema() + "' has no Custody tables at "
                    + settings.url() + ": run `custody db migrate`, or set custody.storage.primary.properties.migrate=true");
        }
    }

    private static RuntimeException startFailure(PostgresSettings settings, RuntimeException e) {
        SQLException sql = SqlFailures.sqlCause(e);
        if (sql == null || SqlFailures.isConnectionFailure(sql)) {
            return new StoreUnavailableException("PostgreSQL at " + settings.url() + " cannot be reached: "
                    + SqlFailures.rootMessage(e), e);
        }
        return new ConfigurationException("PostgreSQL at " + settings.url() + " (schema " + settings.schema()
                + ") failed to start: " + SqlFailures.rootMessage(e));
    }

    @Override
    public void close() {
        context.close();
    }
}
