package com.example.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the service checks when it loads the plugin: the provider is registered, named, of a supported SPI. */
class NdjsonFileSinkProviderTest {

    @TempDir
    Path home;

    @Test
    void theProviderIsRegisteredUnderItsName_forTheCurrentSpi() {
        AuditSinkProvider p = ServiceLoader.load(AuditSinkProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("example-ndjson")).findFirst().orElseThrow();
        assertThat(p.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(SpiVersion.isSupported(p.spiVersion())).isTrue();
    }

    @Test
    void anUnknownPropertyStopsStartup_namingTheFullKey() {
        assertThatThrownBy(() -> new NdjsonFileSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.",
                Map.of("pth", "/tmp/x")), ProviderContext.of(home))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Unknown properties [custody.sinks[0].properties.pth]; known: [path]");
    }
}
