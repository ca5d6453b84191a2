package com.example.custody;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaging check: the built jar, loaded the way the service loads a plugin (its own class loader, whose
 * parent shows only the JDK and {@code dev.custody.ports.*}), registers its provider, bundles no SPI class, and
 * delivers.
 */
class PluginJarIT {

    private static final Path JAR = Path.of(System.getProperty("plugin.jar", "target/custody-example-plugin.jar"));

    @TempDir
    Path home;

    /** The parent the service gives every plugin: the JDK and the SPI, nothing else of the service. */
    static final class SpiOnly extends ClassLoader {
        SpiOnly() {
            super("custody-spi", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("dev.custody.ports.")) {
                return PluginJarIT.class.getClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name + " is not part of the Custody SPI; the plugin must bundle it");
        }
    }

    @Test
    void theJarListsItsProvider_andBundlesNoSpiClass() throws Exception {
        assertThat(JAR).as("mvn package builds it").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            var services = jar.getEntry("META-INF/services/dev.custody.ports.spi.AuditSinkProvider");
            assertThat(services).as("the ServiceLoader registration").isNotNull();
            assertThat(new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo(NdjsonFileSinkProvider.class.getName());
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("dev/custody/")))
                    .as("custody-ports is provided by the service, never bundled").isEmpty();
        }
    }

    @Test
    void loadedAsTheServiceLoadsIt_theProviderDelivers() throws Exception {
        try (URLClassLoader loader = new URLClassLoader("plugin", new URL[] {JAR.toUri().toURL()}, new SpiOnly())) {
            List<AuditSinkProvider> found = ServiceLoader.load(AuditSinkProvider.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList();
            assertThat(found).extracting(AuditSinkProvider::name).containsExactly("example-ndjson");
            AuditSinkProvider provider = found.get(0);
            assertThat(provider.getClass().getClassLoader()).as("the class comes from the jar").isSameAs(loader);
            assertThat(SpiVersion.isSupported(provider.spiVersion())).isTrue();
            Path out = home.resolve("out.ndjson");
            ChainId chain = ChainId.of("billing", "acme");
            AuditRecord r = new AuditRecord(chain, 1, "0190f5e2-7c1a-7b3e-8f00-000000000001", "genesis", "ab",
                    Instant.parse("2026-11-30T10:15:30.123456Z"), "access", "read", new Ref("user", "alice"), null, "success",
                    null, "{\"id\":\"0190f5e2-7c1a-7b3e-8f00-000000000001\",\"seq\":1}");
            try (AuditSink sink = provider.create(ProviderConfig.of("custody.sinks[0].properties.", Map.of("path", out.toString())),
                    ProviderContext.of(home))) {
                sink.deliver(chain, List.of(r));
            }
            assertThat(Files.readString(out)).isEqualTo(r.json() + "\n");
        }
    }
}
