package dev.custody.adapters.postgres;

import dev.custody.ports.spi.ProviderConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The validated properties of the {@code postgres} backend, and the context configuration they make. */
record PostgresSettings(String url, String username, String password, String schema, int poolSize, boolean migrate,
        Duration socketTimeout) {

    static final String URL = "url";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SCHEMA = "schema";
    static final String POOL_SIZE = "pool-size";
    static final String MIGRATE = "migrate";
    static final String SOCKET_TIMEOUT = "socket-timeout";
    static final Set<String> KEYS = Set.of(URL, USERNAME, PASSWORD, SCHEMA, POOL_SIZE, MIGRATE, SOCKET_TIMEOUT);

    /**
     * How long a call may wait for PostgreSQL's answer before the connection is given up. Without it a network
     * that drops packets silently (no RST) would block every append forever instead of letting the spool take
     * over; every statement the adapter runs is bounded (pages, batches), so a minute is generous.
     */
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /** A lower-case SQL identifier: it is written into SQL text and Liquibase parameters unquoted. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    static PostgresSettings from(ProviderConfig config) {
        config.rejectUnknownKeys(KEYS);
        String url = config.requireString(URL);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw config.invalid(URL, url, "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String schema = config.string(SCHEMA, "custody");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw config.invalid(SCHEMA, schema, "must be a lower-case SQL identifier matching " + IDENTIFIER.pattern());
        }
        Duration socketTimeout = config.duration(SOCKET_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
        if (!socketTimeout.isZero() && socketTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw config.invalid(SOCKET_TIMEOUT, config.string(SOCKET_TIMEOUT, ""),
                    "must be at least 1s (PostgreSQL's driver counts whole seconds), or 0s for no limit");
        }
        if (url.contains("socketTimeout=") && config.string(SOCKET_TIMEOUT).isPresent()) {
            throw config.invalid(SOCKET_TIMEOUT, config.string(SOCKET_TIMEOUT, ""),
                    "the url already sets socketTimeout: set it in one place");
        }
        return new PostgresSettings(url, config.string(USERNAME).orElse(null), config.string(PASSWORD).orElse(null),
                schema, config.integer(POOL_SIZE, 16, 1, 512), config.bool(MIGRATE, false), socketTimeout);
    }

    /**
     * The JDBC URL with batched inserts rewritten into multi-row INSERTs and the socket timeout, unless the URL
     * sets either itself.
     */
    String jdbcUrl() {
        StringBuilder u = new StringBuilder(url);
        if (!url.contains("reWriteBatchedInserts")) {
            u.append(u.indexOf("?") < 0 ? '?' : '&').append("reWriteBatchedInserts=true");
        }
        if (!url.contains("socketTimeout=")) {
            u.append(u.indexOf("?") < 0 ? '?' : '&').append("socketTimeout=").append(socketTimeout.toSeconds());
        }
        return u.toString();
    }

    /** The properties of the adapter's own Micronaut context: one datasource, its pool, Liquibase. */
    Map<String, Object> contextProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("datasources.default.url", jdbcUrl());
        p.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        p.put("datasources.default.dialect", "POSTGRES");
        p.put("datasources.default.schema-generate", "NONE");
        p.put("datasources.default.maximum-pool-size", poolSize);
        p.put("datasources.default.minimum-idle", Math.min(poolSize, 2));
        p.put("datasources.default.connection-timeout", 5_000);
        p.put("datasources.default.initialization-fail-timeout", 5_000);
        p.put("datasources.default.pool-name", "custody-postgres");
        // 201 means durable: never let a server or role default of synchronous_commit=off weaken that
        p.put("datasources.default.connection-init-sql", "SET synchronous_commit TO on");
        if (username != null) {
            p.put("datasources.default.username", username);
        }
        if (password != null) {
            p.put("datasources.default.password", password);
        }
        // only the adapter's beans are wanted in this context: no health monitor, no management endpoints
        p.put("micronaut.health.monitor.enabled", false);
        p.put("endpoints.all.enabled", false);
        p.put("liquibase.datasources.default.enabled", migrate);
        p.put("liquibase.datasources.default.change-log", "classpath:db/custody/changelog.xml");
        p.put("liquibase.datasources.default.parameters.schema", schema);
        p.put("liquibase.datasources.default.database-change-log-table", "custody_changelog_" + schema);
        p.put("liquibase.datasources.default.database-change-log-lock-table", "custody_changelog_lock_" + schema);
        return p;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", username=" + username + ", schema=" + schema + ", pool-size="
                + poolSize + ", migrate=" + migrate + ", socket-timeout=" + socketTimeout + "]";
    }
}
