package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void currentIsSupported_futureAndZeroAreNot() {
        assertThat(SpiVersion.isSupported(SpiVersion.CURRENT)).isTrue();
        assertThat(SpiVersion.isSupported(SpiVersion.CURRENT + 1)).isFalse();
        assertThat(SpiVersion.isSupported(0)).isFalse();
    }

    @Test
    void check_namesProviderAndVersions() {
        assertThatThrownBy(() -> SpiVersion.check("acme-siem (acme.jar)", 99)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("acme-siem (acme.jar)").hasMessageContaining("version 99")
                .hasMessageContaining("SPI versions 1 to " + SpiVersion.CURRENT);
    }
}
