package dev.custody.adapters.redis.subject;

import dev.custody.ports.SubjectDataStore;
import dev.custody.tck.subject.SubjectDataStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The kit's subject data store contract for the redis store, on the real Redis, one key prefix per test. */
class RedisSubjectDataStoreContractTest extends SubjectDataStoreContract {

    private final String prefix = "custody-test:" + UUID.randomUUID() + ":";

    @Override
    protected SubjectDataStore openStore() {
        return RedisCheckpointStoreTest.open(prefix);
    }

    @AfterEach
    void deleteKeys() {
        RedisCheckpointStoreTest.deleteKeys(prefix);
    }
}
