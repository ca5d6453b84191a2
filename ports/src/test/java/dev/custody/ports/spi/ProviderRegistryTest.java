package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    static class Named implements AuditStoreProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public AuditStore create(ProviderConfig config, ProviderContext context) {
            throw new UnsupportedOperationException();
        }
    }

    static class Other extends Named {
        Other(String name) {
            super(name);
        }
    }

    @Test
    void findsProvidersByName() {
        ProviderRegistry<AuditStoreProvider> r = ProviderRegistry.of("audit store backend", List.of(new Named("file"), new Named("memory")));
        assertThat(r.names()).containsExactly("file", "memory");
        assertThat(r.get("file").name()).isEqualTo("file");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        ProviderRegistry<AuditStoreProvider> r = ProviderRegistry.of("audit store backend", List.of(new Named("file")));
        assertThatThrownBy(() -> r.get("mongo")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown audit store backend 'mongo'; known: [file]")
                .hasMessageContaining("plugins directory");
    }

    @Test
    void duplicateNamesAreRejectedNamingBothClasses() {
        assertThatThrownBy(() -> ProviderRegistry.of("audit store backend", List.of(new Named("file"), new Other("file"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("named 'file'").hasMessageContaining(Named.class.getName())
                .hasMessageContaining(Other.class.getName());
    }

    @Test
    void blankNamesAreRejected() {
        assertThatThrownBy(() -> ProviderRegistry.of("sink", List.of(new Named(" ")))).hasMessageContaining("has no name");
    }

    @Test
    void serviceLoaderFindsNothingUnregistered() {
        assertThat(ProviderRegistry.load(AuditStoreProvider.class, getClass().getClassLoader(), "audit store backend").names()).isEmpty();
    }
}
