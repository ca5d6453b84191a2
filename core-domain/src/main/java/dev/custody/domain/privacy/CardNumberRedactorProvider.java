package dev.custody.domain.privacy;

import dev.custody.ports.Redactor;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.RedactorProvider;
import java.util.Set;

/** Provides the {@code card-numbers} redactor (no properties). */
public final class CardNumberRedactorProvider implements RedactorProvider {

    @Override
    public String name() {
        return CardNumberRedactor.NAME;
    }

    @Override
    public Redactor create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of());
        return new CardNumberRedactor();
    }
}
