package dev.custody.app.idempotency;

import dev.custody.app.CustodyRuntime;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The idempotency keys live in the hot tier when one is configured (shared by replicas), else in this process. */
@Factory
class IdempotencyStoreFactory {

    @Singleton
    @Bean(preDestroy = "close")
    IdempotencyStoreHandle store(CustodyRuntime runtime) {
        return new IdempotencyStoreHandle(runtime.hotTier()
                .<IdempotencyStore>map(HotTierIdempotencyStore::new)
                .orElseGet(InMemoryIdempotencyStore::new));
    }
}
