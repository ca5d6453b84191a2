package dev.custody.app.plugins;

import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.delivery.SinkConfig;
import dev.custody.ports.AuditSink;
import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates the configured sinks from their providers and the delivery engine that feeds them. */
public final class SinkWiring {

    private SinkWiring() {
    }

    /**
     * @throws ConfigurationException naming {@code custody.sinks[i].type} for an unknown type, or what a
     *     provider rejected; sinks already created are closed
     */
    public static DeliveryEngine engine(AuditStore store, Path home, PluginSettings settings,
            List<PluginDirectory.Found<AuditSinkProvider>> providers, DeliveryListener listener, Clock clock) {
        Map<String, AuditSinkProvider> byName = PluginDirectory.byName(providers);
        List<DeliveryEngine.Sink> sinks = new ArrayList<>();
        try {
            for (int i = 0; i < settings.sinks().size(); i++) {
                SinkConfig c = settings.sinks().get(i);
                String key = "custody.sinks[" + i + "]";
                AuditSinkProvider p = byName.get(c.type());
                if (p == null) {
                    throw ConfigurationException.invalid(key + ".type", c.type(), "no such sink type; known: "
                            + byName.keySet() + " (a sink from a plugin needs its jar in " + settings.dir() + ")");
                }
                // the plugin logs into the service's log and counts into its metrics, under the sink's name
                ProviderContext context = new ProviderContext(home, clock).withLogger(PluginLogger.forSink(c.type(), c.name()))
                        .withMetrics(settings.meters().forSink(c.type(), c.name()));
                AuditSink sink = p.create(ProviderConfig.of(key + ".properties.", c.properties()), context);
                sinks.add(new DeliveryEngine.Sink(c.name(), sink, c.settings()));
            }
            return new DeliveryEngine(store, home, sinks, listener, clock);
        } catch (RuntimeException e) {
            sinks.forEach(s -> s.sink().close());
            throw e;
        }
    }
}
