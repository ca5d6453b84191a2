package dev.custody.app.plugins;

import dev.custody.ports.AuditSink;
import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every call into a plugin runs with the plugin's own class loader as the thread's context class loader,
 * so that a library inside the plugin that looks classes up through the context loader (ServiceLoader,
 * JAXB, logging back-ends) finds the plugin's classes and never the service's (docs/plugins.md promises that
 * nothing of the service is visible). The previous context loader is restored after each call.
 */
final class PluginCalls {

    private PluginCalls() {
    }

    /** Runs {@code call} with {@code loader} as the current thread's context class loader. */
    static <T> T with(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A provider of sinks whose construction, {@code create}, and every sink call run in {@code loader}. */
    static AuditSinkProvider sinks(AuditSinkProvider provider, ClassLoader loader) {
        return new AuditSinkProvider() {
            @Override
            public String name() {
                return with(loader, provider::name);
            }

            @Override
            public int spiVersion() {
                return with(loader, provider::spiVersion);
            }

            @Override
            public AuditSink create(ProviderConfig config, ProviderContext context) {
                AuditSink sink = with(loader, () -> provider.create(config, context));
                return new AuditSink() {
                    @Override
                    public void deliver(dev.custody.ports.ChainId chain, List<dev.custody.ports.AuditRecord> batch) {
                        with(loader, () -> {
                            sink.deliver(chain, batch);
                            return null;
                        });
                    }

                    @Override
                    public void close() {
                        with(loader, () -> {
                            sink.close();
                            return null;
                        });
                    }
                };
            }
        };
    }

    /**
     * A provider of stores whose {@code create} and every store method run in {@code loader}. A stream the store
     * returns is consumed by the caller later, outside the plugin's loader (documented in docs/plugins.md).
     */
    static AuditStoreProvider stores(AuditStoreProvider provider, ClassLoader loader) {
        return new AuditStoreProvider() {
            @Override
            public String name() {
                return with(loader, provider::name);
            }

            @Override
            public java.util.Optional<java.util.Set<dev.custody.ports.StoreCapability>> capabilitiesBeforeConnecting() {
                return with(loader, provider::capabilitiesBeforeConnecting);
            }

            @Override
            public java.util.Optional<String> missingStore(ProviderConfig config, ProviderContext context) {
                return with(loader, () -> provider.missingStore(config, logging(context)));
            }

            @Override
            public AuditStore create(ProviderConfig config, ProviderContext context) {
                AuditStore store = with(loader, () -> provider.create(config, logging(context)));
                InvocationHandler inLoader = (proxy, method, args) -> {
                    Thread thread = Thread.currentThread();
                    ClassLoader previous = thread.getContextClassLoader();
                    thread.setContextClassLoader(loader);
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        thread.setContextClassLoader(previous);
                    }
                };
                return (AuditStore) Proxy.newProxyInstance(AuditStore.class.getClassLoader(),
                        new Class<?>[] {AuditStore.class}, inLoader);
            }

            /** The plugin's logger writes into the service's log under {@code custody.plugin.<name>}. */
            private ProviderContext logging(ProviderContext context) {
                return context.withLogger(PluginLogger.forProvider(name()));
            }
        };
    }
}
