package dev.custody.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryTest {

    @TempDir
    Path work;

    private final ClassLoader service = PluginDirectoryTest.class.getClassLoader();

    @Test
    void aJarInThePluginDirectoryIsRegistered_inItsOwnLoaderThatSeesOnlyTheJdkAndTheSpi() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.build(work, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
        PluginDirectory d = PluginDirectory.scan(plugins, service);
        PluginDirectory.Found<AuditSinkProvider> found = d.sinks().stream()
                .filter(f -> f.provider().name().equals("acme-lines")).findFirst().orElseThrow();
        assertThat(found.origin()).isEqualTo("plugins/acme-lines.jar");
        ClassLoader loader = found.loader();
        assertThat(loader).isNotSameAs(service);
        assertThat(loader.loadClass("dev.custody.ports.AuditRecord")).isSameAs(dev.custody.ports.AuditRecord.class);
        assertThatThrownBy(() -> loader.loadClass("dev.custody.app.CustodyRuntime")).isInstanceOf(ClassNotFoundException.class);
        assertThat(loader.getResource("application.yml")).isNull();
        // create() itself fails if the domain, Micronaut or SLF4J is visible to the plugin
        found.provider().create(ProviderConfig.of("custody.sinks[0].properties.", Map.of("path", work.resolve("out").toString())),
                ProviderContext.of(work)).close();
    }

    @Test
    void everyCallIntoAPlugin_runsWithThePluginsLoaderAsContextClassLoader_andRestoresTheCallers() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.build(work, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
        AuditSinkProvider provider = PluginDirectory.scan(plugins, service).sinks().stream()
                .filter(f -> f.provider().name().equals("acme-lines")).findFirst().orElseThrow().provider();
        Path out = work.resolve("out.ndjson");
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        assertThat(callers.loadClass("io.micronaut.context.ApplicationContext")).as("the test thread's own loader sees Micronaut")
                .isNotNull();
        // the probe throws from create() and deliver() if the context loader shows a service class
        AuditSink sink = provider.create(ProviderConfig.of("custody.sinks[0].properties.", Map.of("path", out.toString())),
                ProviderContext.of(work));
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
        AuditRecord record = StoredRecords.parse("{\"namespace\":\"billing\",\"tenant\":\"acme\",\"seq\":1,"
                + "\"prev_hash\":\"genesis\",\"v\":1,\"id\":\"0193a8f0-0000-7000-8000-000000000001\","
                + "\"recorded_at\":\"2026-11-23T06:00:00.000001Z\",\"kind\":\"decision\",\"action\":\"loan.approve\","
                + "\"actor\":{\"type\":\"service\",\"id\":\"scorer-7\"},\"outcome\":\"approved\",\"record_hash\":\"00\"}");
        sink.deliver(record.chain(), List.of(record));
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
        sink.close();
        assertThat(Files.readString(work.resolve("out.ndjson.closed"))).isEqualTo("isolated");
        assertThat(Files.readString(out)).isEqualTo(record.json() + "\n");
    }

    @Test
    void twoJarsWithTheSameSinkNameStopStartupNamingBothJars() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.build(work, "a.jar", "com.a", "siem", 1), plugins.resolve("a.jar"));
        Files.move(PluginJars.build(work, "b.jar", "com.b", "siem", 1), plugins.resolve("b.jar"));
        assertThatThrownBy(() -> PluginDirectory.scan(plugins, service)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Two sink providers are named 'siem': plugins/a.jar and plugins/b.jar; remove one of them");
    }

    @Test
    void aPluginBuiltForAnUnsupportedSpiVersionIsRefused() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.build(work, "future.jar", "com.f", "future", 99), plugins.resolve("future.jar"));
        assertThatThrownBy(() -> PluginDirectory.scan(plugins, service)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("future (plugins/future.jar) was built for Custody SPI version 99");
    }

    @Test
    void noDirectoryMeansOnlyBuiltInProviders() {
        PluginDirectory d = PluginDirectory.scan(work.resolve("absent"), service);
        assertThat(d.stores()).extracting(f -> f.provider().name()).contains("file", "memory");
        assertThat(d.stores()).allSatisfy(f -> assertThat(f.origin()).isEqualTo("built-in"));
    }
}
