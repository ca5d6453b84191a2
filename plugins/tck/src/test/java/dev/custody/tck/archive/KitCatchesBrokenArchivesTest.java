package dev.custody.tck.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Runs single archive contract tests against deliberately broken stores: the kit must fail each one. */
class KitCatchesBrokenArchivesTest {

    @Test
    void kit_noticesAnOverwrite() {
        assertFails(objects(() -> new MemoryArchiveStore() {
            private final java.util.Map<String, byte[]> replaced = new java.util.HashMap<>();

            @Override
            public ArchiveObject put(String key, byte[] content, ArchivePut options) {
                if (head(key).isPresent()) {
                    replaced.put(key, content);
                    return head(key).get();
                }
                return super.put(key, content, options);
            }

            @Override
            public Optional<byte[]> get(String key) {
                return replaced.containsKey(key) ? Optional.of(replaced.get(key)) : super.get(key);
            }
        }), ArchiveObjectsContract::put_neverReplacesAnExistingObject);
    }

    @Test
    void kit_noticesATruncatedRead() {
        assertFails(objects(() -> new MemoryArchiveStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return super.get(key).map(b -> b.length > 4 * 1024 * 1024 ? java.util.Arrays.copyOf(b, 4 * 1024 * 1024) : b);
            }
        }), ArchiveObjectsContract::put_thenGet_returnsTheSameBytes);
    }

    @Test
    void kit_noticesAnUnorderedListing() {
        assertFails(objects(() -> new MemoryArchiveStore() {
            @Override
            public List<ArchiveObject> list(String prefix) {
                List<ArchiveObject> l = new ArrayList<>(super.list(prefix));
                Collections.reverse(l);
                return l;
            }
        }), ArchiveObjectsContract::list_returnsThePrefixOrderedByKey);
    }

    @Test
    void kit_noticesARetentionSilentlyIgnored() {
        assertFails(new ArchiveProtectionContract() {
            @Override
            protected ArchiveStore openArchive() {
                return new MemoryArchiveStore() {
                    @Override
                    public ArchiveObject put(String key, byte[] content, ArchivePut options) {
                        return super.put(key, content, options.retainedUntil(null));
                    }
                };
            }
        }, ArchiveProtectionContract::retention_isEnforcedAndReported_orRefused);
    }

    @Test
    void kit_noticesAHoldSilentlyAccepted_byAStoreWithoutHolds() {
        assertFails(new ArchiveProtectionContract() {
            @Override
            protected ArchiveStore openArchive() {
                return new MemoryArchiveStore(EnumSet.of(ArchiveCapability.RETENTION)) {
                    @Override
                    public ArchiveObject put(String key, byte[] content, ArchivePut options) {
                        return super.put(key, content, options.withLegalHold(false));
                    }
                };
            }

            @Override
            protected Set<ArchiveCapability> unsupported() {
                return EnumSet.of(ArchiveCapability.LEGAL_HOLD);
            }
        }, ArchiveProtectionContract::legalHold_isPlacedReportedAndLifted_orRefused);
    }

    @Test
    void kit_noticesADroppedCapability() {
        assertFails(new ArchiveObjectsContract() {
            @Override
            protected ArchiveStore openArchive() {
                return new MemoryArchiveStore(EnumSet.of(ArchiveCapability.RETENTION));
            }
        }, ArchiveContract::capabilities_areAllButTheUnsupportedOnes);
    }

    @Test
    void kit_passesTheWorkingMemoryArchive() {
        ArchiveObjectsContract c = objects(MemoryArchiveStore::new);
        c.openArchiveUnderTest();
        try {
            c.list_returnsThePrefixOrderedByKey();
        } finally {
            c.closeArchiveUnderTest();
        }
    }

    private static ArchiveObjectsContract objects(Supplier<ArchiveStore> store) {
        return new ArchiveObjectsContract() {
            @Override
            protected ArchiveStore openArchive() {
                return store.get();
            }
        };
    }

    private static <C extends ArchiveContract> void assertFails(C contract, ThrowingTest<C> test) {
        contract.openArchiveUnderTest();
        try {
            test.run(contract);
        } catch (AssertionError expected) {
            return;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            contract.closeArchiveUnderTest();
        }
        throw new AssertionError("the kit passed a broken archive store");
    }

    @FunctionalInterface
    interface ThrowingTest<C> {
        void run(C contract) throws Exception;
    }
}
