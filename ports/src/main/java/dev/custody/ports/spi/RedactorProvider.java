package dev.custody.ports.spi;

import dev.custody.ports.Redactor;

/**
 * Creates {@link Redactor}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.RedactorProvider}; the service applies every redactor
 * listed in {@code custody.minimisation.redactors}, in order.
 */
public interface RedactorProvider extends Provider<Redactor> {
}
