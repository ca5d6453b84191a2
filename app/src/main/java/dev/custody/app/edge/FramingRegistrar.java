package dev.custody.app.edge;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;

/** Registers the {@link FramingCustomizer} with the Netty server as it is created. */
@Singleton
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
final class FramingRegistrar implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final NettyHttpServerConfiguration server;

    FramingRegistrar(NettyHttpServerConfiguration server) {
        this.server = server;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new FramingCustomizer(server, null));
        return event.getBean();
    }
}
