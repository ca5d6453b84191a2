/**
 * The provider SPI: how backends and sinks are found ({@link java.util.ServiceLoader}), named and
 * configured. A plugin implements a {@code …Provider} and lists it in {@code META-INF/services}.
 */
package dev.custody.ports.spi;
