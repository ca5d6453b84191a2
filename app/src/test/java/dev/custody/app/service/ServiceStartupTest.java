package dev.custody.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceStartupTest {

    @TempDir
    Path home;

    @Test
    void startsOnTheFileBackendUnderHomeInSoc2ByDefault() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("custody.home", home.toString()))) {
            ComplianceStorageConfig config = ctx.getBean(ComplianceStorageConfig.class);
            assertThat(config.compliance().mode()).isEqualTo(ComplianceMode.SOC2);
            assertThat(config.compliance().hashChain()).isTrue();
            assertThat(config.primary().backend()).isEqualTo("file");
            CustodyRuntime runtime = ctx.getBean(CustodyRuntime.class);
            assertThat(runtime.store().capabilities()).contains(StoreCapability.CONDITIONAL_APPEND, StoreCapability.DURABLE);
            assertThat(Files.isDirectory(home.resolve("records"))).isTrue();
        }
    }

    @Test
    void invalidConfigurationStopsStartupNamingKeyAndValue() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("custody.home", home.toString(),
                "custody.compliance.mode", "bogus")))
                .rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.compliance.mode=bogus: must be one of none, soc2, hipaa");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("custody.home", home.toString(),
                "custody.storage.primary.backend", "mongo")))
                .rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for custody.storage.primary.backend=mongo: no such backend; known: [")
                .hasMessageContaining("file").hasMessageContaining("memory");   // the test classpath adds test-unavailable
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("custody.home", home.toString(),
                "custody.storage.primary.properties.dri", "/x")))
                .rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.storage.primary.properties.dri");
    }

    @Test
    void apiKeysBindFromYamlShapedProperties() {
        Map<String, Object> props = Map.of("custody.home", home.toString(),
                "custody.security.api-keys", java.util.List.of(Map.of("name", "ingest", "token-sha256", "a".repeat(64),
                        "roles", java.util.List.of("writer"), "tenants", java.util.List.of("billing/*"))));
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            var keys = ctx.getBean(ComplianceStorageConfig.class).apiKeys();
            assertThat(keys).hasSize(1);
            assertThat(keys.get(0).covers(dev.custody.ports.ChainId.of("billing", "acme"))).isTrue();
            assertThat(keys.get(0).covers(dev.custody.ports.ChainId.of("payroll", "acme"))).isFalse();
        }
    }
}
