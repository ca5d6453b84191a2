package dev.custody.app.cli;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code custody db}: database administration of the configured backend. */
@Command(name = "db", description = "Database administration of the configured backend.",
        subcommands = DbCommand.Migrate.class)
final class DbCommand {

    /** {@code custody db migrate}: applies the Liquibase changelog of the postgres backend, then exits. */
    @Command(name = "migrate", sortOptions = false,
            description = {"Create or upgrade the PostgreSQL schema of the configured postgres backend (Liquibase),",
                    "its append-only triggers, partitions ahead and the custody_app role, and write the immutable-audit",
                    "flag of custody.compliance into it (only the schema owner may). Run it as the schema owner.",
                    "Safe to run again."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the schema is up to date", "2:usage or configuration error, or the database refused"})
    static final class Migrate implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ComplianceStorageConfig storage = configuration();
            String backend = storage.primary().backend();
            if (!PostgresAuditStoreProvider.NAME.equals(backend)) {
                throw new CliException("db migrate applies to the postgres backend, but " + storage.primary().key()
                        + ".backend is " + backend);
            }
            Map<String, String> props = new HashMap<>(storage.primary().properties());
            props.put("migrate", "true");
            AuditStoreProvider provider = ProviderRegistry.load(AuditStoreProvider.class, DbCommand.class.getClassLoader(),
                    "audit store backend").get(backend);
            try (AuditStore store = provider.create(ProviderConfig.of(storage.primary().propertiesPrefix(), props),
                    new ProviderContext(storage.home(), Clock.systemUTC()))) {
                // migrating, the store connects as the owner and writes the flag the service's role may only read (ADR 0090)
                store.enforceImmutableAudit(storage.compliance().immutableAudit());
                PrintWriter out = spec.commandLine().getOut();
                out.println("migrated: schema " + props.getOrDefault("schema", "custody") + " at " + props.get("url")
                        + " is up to date");
                out.println("compliance: immutable_audit=" + storage.compliance().immutableAudit() + " (custody.compliance mode "
                        + storage.compliance().mode().configName() + ")");
                out.flush();
                return 0;
            } catch (dev.custody.ports.AuditStoreException | dev.custody.ports.spi.ConfigurationException e) {
                throw new CliException("cannot migrate the postgres schema: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw StartupFailures.toCli("cannot migrate the postgres schema", e);
            }
        }

        /** The configuration as the service would bind it, without starting the service or opening the store. */
        private ComplianceStorageConfig configuration() {
            try (ApplicationContext context = ApplicationContext.builder().environments(OfflineContext.ENVIRONMENT)
                    .banner(false).propertySources(config.fileSources()).properties(config.overrides()).build()) {
                context.getEnvironment().start();
                return ConfigBinder.bind(context.getEnvironment());
            } catch (CommandLine.ParameterException | CliException e) {
                throw e;
            } catch (RuntimeException e) {
                throw StartupFailures.toCli("invalid configuration", e);
            }
        }
    }
}
